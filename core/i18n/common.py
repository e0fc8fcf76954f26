"""Strings shared by the shell (sidebar, navigation) and every page."""

STRINGS: dict[str, tuple[str, str]] = {
    "nav.why": ("为什么要嵌入", "Why embeddings"),
    "nav.train": ("训练 word2vec", "Train word2vec"),
    "nav.space": ("潜空间", "Latent space"),
    "nav.attention": ("注意力", "Attention"),
    "nav.transformer": ("Transformer", "Transformer"),
    "sidebar.language": ("语言 / Language", "Language / 语言"),
    "sidebar.presentation": ("演示模式（大字体）", "Presentation mode (large text)"),
    "common.not_found_title": ("找不到这一页", "Page not found"),
    "common.not_found_text": (
        "没有叫“{page}”的页面（地址可能打错了）。下面是所有的页面：",
        "There is no page called “{page}” (the address may be mistyped). These are the pages:",
    ),
    "common.table_csv": ("下载表格（CSV）", "Download the table (CSV)"),
    "common.export_svg": ("下载为 SVG 矢量图（幻灯片用）", "Download as SVG (for slides)"),
    "sidebar.model": ("当前模型", "Active model"),
    "sidebar.model_default": ("默认模型：中文苹果语料上的 CBOW", "Default: CBOW on the English apple corpus"),
    # the safety net (ui.guarded)
    "common.unexpected": (
        "出了点问题，这一步没有完成（编号 {incident}）。你的模型和设置都还在；请再试一次，或把编号告诉老师。",
        "Something went wrong and this step did not finish (incident {incident}). Your model and settings "
        "are kept; try again, or give the number to your teacher.",
    ),
    # lesson links (ui/links.py)
    "links.share": ("本视图的链接", "Link to this view"),
    "links.share_help": (
        "复制这个地址发给学生：打开它就会看到同样的页面、语言和设置。",
        "Copy this address and hand it out: opening it shows the same page, language and settings.",
    ),
    "links.model_not_linked": (
        "当前模型来自上传的文件（或未训练完的运行），不能放进链接：打开链接的人会看到默认模型。",
        "The active model comes from an uploaded file (or an unfinished run) and cannot travel in a link: "
        "whoever opens it sees the default model.",
    ),
    "links.ignored": (
        "链接里有无法识别或超出范围的参数，已忽略：{names}",
        "Ignored in this link (unknown or out of range): {names}",
    ),
    "links.model_unlinked": (
        "这个链接的作者用的是上传的（或未训练完的）模型，它不能随链接传递：这里显示默认模型。",
        "This link was made with an uploaded (or unfinished) model, which cannot travel in a link: "
        "you see the default model.",
    ),
    "links.training": ("正在按链接里的设置在 {corpus} 上训练模型…", "Training the linked model on {corpus}…"),
}
