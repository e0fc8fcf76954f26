"""UI strings of the Lesson page (pages/tour.py): key -> (中文, English). The lessons' own text lives in
lessons/*.toml."""

STRINGS: dict[str, tuple[str, str]] = {
    "nav.tour": ("课程 · C1–C15", "Lesson · C1–C15"),
    "tour.title": ("课程：先猜，再看", "Lesson: predict, then see"),
    "tour.intro": (
        "按讲座的顺序走过它的论点 C1–C15。每一步先读两三句话，再回答一个问题：先猜，应用检查答案、给出解释，"
        "然后打开能**看到**这一点的页面和视图。进度在地址栏里（?step=…），把链接发给学生，就从这一步开始。",
        "A walk through the lecture's claims C1–C15 in its order. Each step has two or three sentences and "
        "one question: predict first; the app checks the answer and explains, then opens the page and view "
        "where you can **see** it. Progress lives in the address bar (?step=…): send the link, and a student "
        "starts at that step.",
    ),
    "tour.lesson": ("课程", "Lesson"),
    "tour.none": (
        "lessons/ 文件夹里没有能用的课程文件。",
        "There is no usable lesson file in the lessons/ folder.",
    ),
    "tour.bad_step": (
        "链接里的步骤“{raw}”不存在（这个课程有 {n} 步），从第 1 步开始。",
        "The link's step “{raw}” does not exist (this lesson has {n} steps); starting at step 1.",
    ),
    "tour.bad_lesson": (
        "没有叫“{raw}”的课程，打开的是“{title}”。",
        "There is no lesson called “{raw}”; opened “{title}”.",
    ),
    "tour.progress": ("第 {i} 步，共 {n} 步 · {claim}", "Step {i} of {n} · {claim}"),
    "tour.choose": ("（选出所有正确的选项）", "(choose every right answer)"),
    "tour.check": ("检查答案", "Check"),
    "tour.choose_first": ("先选一个答案。", "Choose an answer first."),
    "tour.right": ("答对了！", "Right!"),
    "tour.wrong": ("不对。正确答案：{answer}", "Not quite. The answer: {answer}"),
    "tour.reveal": ("打开视图：{page}", "Open the view: {page}"),
    "tour.reveal_help": ("先作答并检查，再去看。", "Answer and check first, then see."),
    "tour.back": ("上一步", "Back"),
    "tour.next": ("下一步", "Next"),
    "tour.score": (
        "已答 {answered} / {n} 题，答对 {right} 题",
        "{answered} of {n} answered, {right} right",
    ),
}
