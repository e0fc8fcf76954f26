"""The app's pages in the lecture's order: the router, the tests and the load bench share this list."""

PAGES = ("why", "train", "space", "attention", "transformer", "arc")
