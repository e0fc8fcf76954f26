"""Strings shared by the shell (sidebar, navigation) and every page."""

STRINGS: dict[str, tuple[str, str]] = {
    "nav.why": ("为什么要嵌入", "Why embeddings"),
    "nav.train": ("训练 word2vec", "Train word2vec"),
    "nav.space": ("潜空间", "Latent space"),
    "nav.attention": ("注意力", "Attention"),
    "nav.transformer": ("Transformer", "Transformer"),
    "sidebar.language": ("语言 / Language", "Language / 语言"),
    "sidebar.presentation": ("演示模式（大字体）", "Presentation mode (large text)"),
    "sidebar.model": ("当前模型", "Active model"),
    "sidebar.model_default": ("默认模型：中文苹果语料上的 CBOW", "Default: CBOW on the Chinese apple corpus"),
}
