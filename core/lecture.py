"""The app's pages in the lecture's order: the router, the tests and the load bench share this list."""

PAGES = ("why", "train", "space", "attention", "transformer", "arc")

# Where a claim's view starts on its page: the lesson's "open the view" scrolls there (ui.links.anchor).
# "section": the page's section choice (Space, Attention); a claim not listed opens at the page's top.
ANCHORS = {
    ("why", "C2"): "onehot",
    ("why", "C4"): "trap",
    ("why", "C10"): "pinv",
    ("why", "C11"): "linear",
    ("train", "C3"): "controls",
    ("train", "C5"): "controls",
    ("train", "C9"): "controls",
    ("space", "C6"): "section",
    ("space", "C7"): "section",
    ("space", "C8"): "find",
    ("attention", "C12"): "section",
    ("attention", "C14"): "section",
    ("attention", "C15"): "section",
}
