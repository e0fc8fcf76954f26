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
    "sidebar.model_default": ("默认模型：中文苹果语料上的 CBOW", "Default: CBOW on the English apple corpus"),
    # the safety net (ui.guarded)
    "common.unexpected": (
        "出了点问题，这一步没有完成（编号 {incident}）。你的模型和设置都还在；请再试一次，或把编号告诉老师。",
        "Something went wrong and this step did not finish (incident {incident}). Your model and settings "
        "are kept; try again, or give the number to your teacher.",
    ),
}
