"""The classroom's strings (ui/classroom.py): presenter, following, live questions."""

STRINGS: dict[str, tuple[str, str]] = {
    "classroom.follow": ("跟随老师", "Follow the teacher"),
    "classroom.follow_help": (
        "打开后，你的页面、语言和视图会跟着老师的屏幕走；随时可以关掉，自己探索。你的操作不会影响别人。",
        "Your page, language and view follow the teacher's screen; switch it off at any time to explore "
        "alone. Nothing you do changes anyone else's screen.",
    ),
    "classroom.waiting": ("正在等待老师开始演示……", "Waiting for the teacher to start presenting…"),
    "classroom.following": ("正在跟随老师 · 视图 #{version}", "Following the teacher · view #{version}"),
    "classroom.teacher": ("我是老师", "I am the teacher"),
    "classroom.key": ("老师密钥", "Teacher key"),
    "classroom.present": ("开始演示", "Present"),
    "classroom.login_bad": ("密钥不对。", "That key is not right."),
    "classroom.login_locked": (
        "失败次数太多，请一分钟后再试。",
        "Too many failed attempts; try again in a minute.",
    ),
    "classroom.login_off": (
        "这台服务器没有设置老师密钥（LATENT_LAB_TEACHER_KEY），所以没有人可以演示。",
        "This server has no teacher key (LATENT_LAB_TEACHER_KEY), so nobody can present.",
    ),
    "classroom.presenting": (
        "你正在演示：跟随的学生看到你的页面 · 视图 #{version}",
        "You are presenting: following students see your page · view #{version}",
    ),
    "classroom.alone": (
        "Redis 连接不上：这个工作进程暂时独自运行，只有连在同一进程上的学生能跟随；Redis 恢复后自动继续。",
        "Redis is unreachable: this worker goes on alone, and only students on the same worker follow; "
        "sharing resumes by itself when Redis is back.",
    ),
    "classroom.stop_presenting": ("结束演示", "Stop presenting"),
    "classroom.ask": ("向全班提问", "Ask the class"),
    "classroom.from_tour": ("导览中的问题", "A question from the tour"),
    "classroom.open": ("发布问题", "Open the question"),
    "classroom.open_tour": ("发布这个导览问题", "Open this tour question"),
    "classroom.q_text": ("或者现在输入一个问题", "Or type a question now"),
    "classroom.q_choices": ("选项（每行一个）", "Choices (one per line)"),
    "classroom.q_right": ("正确选项的编号（如 2，或 1,3）", "Number(s) of the right choice (e.g. 2, or 1,3)"),
    "classroom.q_bad": (
        "需要一个问题、2 到 {n} 个选项，以及正确选项的编号。",
        "A question needs its text, 2 to {n} choices and the number(s) of the right choice.",
    ),
    "classroom.count": ("人数", "Students"),
    "classroom.answered": ("已有 {n} 人回答", "{n} answered so far"),
    "classroom.reveal": ("公布答案", "Reveal the answer"),
    "classroom.close": ("关闭问题", "Close the question"),
    "classroom.choose": ("选一个答案", "Choose one answer"),
    "classroom.choose_all": ("选出所有正确的答案", "Choose every right answer"),
    "classroom.submit": ("提交答案", "Submit"),
    "classroom.thanks": (
        "已提交：{mine}。等老师公布答案。",
        "Submitted: {mine}. Wait for the teacher's reveal.",
    ),
    "classroom.right": (
        "答对了！你选了 {mine}；正确答案：{right}",
        "Right! You chose {mine}; the answer: {right}",
    ),
    "classroom.wrong": ("你选了 {mine}；正确答案是：{right}", "You chose {mine}; the answer is: {right}"),
}
