"""Translated messages of core.errors.LabError codes: "error.<code>" -> (中文, English).
Placeholders are the error's params."""

STRINGS: dict[str, tuple[str, str]] = {
    # attention
    "error.attention_shape": ("{what} 的形状应为 {expected}，实际为 {got}", "{what} must have shape {expected}, got {got}"),
    "error.attention_row_masked": ("第 {row} 行查询被完全遮蔽：它不能关注任何词", "Query row {row} is fully masked: it may attend to no token"),
    "error.attention_temperature": ("温度必须大于 0（当前为 {value}）", "Temperature must be > 0 (got {value})"),
    "error.attention_heads": ("d_out={d_out} 不能平均分成 {n_heads} 个头", "d_out={d_out} cannot be split into {n_heads} equal heads"),
    "error.attention_mha_shape": ("nn.MultiheadAttention 要求 d_in = d_out（当前 d_in={d_in}，d_out={d_out}）", "nn.MultiheadAttention needs d_in = d_out (here d_in={d_in}, d_out={d_out})"),
}
