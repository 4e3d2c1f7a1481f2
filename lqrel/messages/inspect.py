"""What ``lqrel inspect`` prints (a family of the catalogue, :mod:`lqrel.messages`): code -> {lang: template}."""

from __future__ import annotations

from lqrel.messages.report import REPORT

INSPECT: dict[str, dict[str, str]] = {
    # errors
    "bad_map": {"zh": "--map {item!r}：应为 字段=表头，字段是{kind}的字段之一：{fields}",
                "en": "--map {item!r}: expected canonical=header with canonical one of {fields} (the fields of the {kind})"},
    "no_header": {"zh": "前 {rows} 行中没有像表头的行（没有与已知表头相近的单元格）；可用 --kind 指定文件类型并用 --map 对应表头",
                  "en": "no row looks like a header (no cell close to a known header) in the first {rows:~row~rows}; "
                        "give --kind and map the headers with --map"},
    "not_settings": {"zh": "--write {file}：不是设置文件（应为 YAML 映射）",
                     "en": "--write {file}: not a settings file (a YAML mapping)"},
    # the file
    "file": {"zh": "== 文件 {path} ==", "en": "== File {path} =="},
    "encoding": {"zh": "编码：{encoding}", "en": "Encoding: {encoding}"},
    "sheets": {"zh": "工作表：{sheets}；读取「{sheet}」", "en": "Sheets: {sheets}; reading '{sheet}'"},
    "sheet_rows": {"zh": "{name}（{rows} 行）", "en": "{name} ({rows:~row~rows})"},
    "kind": {"zh": "文件类型：{kind}（表头对应的字段数：{scores}）",
             "en": "File kind: {kind} (fields its headers name: {scores})"},
    "kind_score": {"zh": "{kind} {score}", "en": "{kind} {score}"},
    "kind.events": {"zh": "停电记录", "en": "outage log"},
    "kind.customers": {"zh": "用户数文件", "en": "customers served"},
    "kind.applications": {"zh": "业扩报装记录", "en": "application log"},
    "header_row": {"zh": "表头在第 {row} 行", "en": "Header on row {row}"},
    "columns_title": {"zh": "表头 → 字段（样例）：", "en": "Header -> field (samples):"},
    "column_line": {"zh": "  {header} → {field}（{samples}）", "en": "  {header} -> {field} ({samples})"},
    "no_field": {"zh": "无", "en": "none"},
    # a field by its identifier (what the settings write) and, where the language has one, its name
    "field_named": {"zh": "{field}〔{name}〕", "en": "{field} [{name}]"},
    "missing": {"zh": "缺少必需字段：{fields}", "en": "Required fields without a header: {fields}"},
    # dates and durations
    "dates_title": {"zh": "日期列：", "en": "Date columns:"},
    "date_line": {"zh": "  {header}（{field}）：格式 {shape}，{order}", "en": "  {header} ({field}): shape {shape}, {order}"},
    "order.ymd": {"zh": "年在前（年-月-日）", "en": "year first (year-month-day)"},
    "order.dmy": {"zh": "日在前（日/月/年）", "en": "day first (day/month/year)"},
    "order.mdy": {"zh": "月在前（月/日/年）", "en": "month first (month/day/year)"},
    "order.excel": {"zh": "Excel 日期单元格（无需日月顺序）", "en": "Excel date cells (no day/month order needed)"},
    "settled.values": {"zh": "由数据确定（有大于 12 的日，如 {examples}）",
                       "en": "settled by the values (a day above 12, e.g. {examples})"},
    "settled.setting": {"zh": "按设置 date_order", "en": "as the setting date_order says"},
    "problem.ambiguous": {"zh": "日月顺序无法由数据确定（如 {examples}，日都不大于 12）",
                          "en": "day/month order not settled by the values (e.g. {examples}, no day above 12)"},
    "problem.contradictory": {"zh": "同一列日月顺序矛盾（{dmy} 只能日在前，{mdy} 只能月在前）",
                              "en": "the column reads its dates two ways ({dmy} only day first, {mdy} only month first)"},
    "duration.header": {"zh": "停电时长：{header}，单位 {unit}（表头写明）",
                        "en": "Duration: {header}, unit {unit} (named by the header)"},
    "duration.setting": {"zh": "停电时长：{header}，单位 {unit}（按设置）", "en": "Duration: {header}, unit {unit} (by the settings)"},
    "duration.none": {"zh": "停电时长：{header}，表头未写单位（最大值 {largest}），需设置 duration_unit",
                      "en": "Duration: {header}, no unit in the header (largest value {largest}); set duration_unit"},
    "unit.min": {"zh": "分钟", "en": "minutes"},
    "unit.h": {"zh": "小时", "en": "hours"},
    # vocabulary
    "vocab_title": {"zh": "取值：", "en": "Values:"},
    "vocab_line": {"zh": "  {header}（{field}）：识别 {hits}；未识别 {misses}；空白 {blank}",
                   "en": "  {header} ({field}): known {hits}; unknown {misses}; blank {blank}"},
    "vocab_free": {"zh": "  {header}（{field}，自由文本，不校验）：常见 {hits}；空白 {blank}",
                   "en": "  {header} ({field}, free text, not checked): most frequent {hits}; blank {blank}"},
    "hit": {"zh": "{value}→{canonical} {count} 行", "en": "{value}->{canonical} x{count}"},
    "hit_same": {"zh": "{value} {count} 行", "en": "{value} x{count}"},
    "hit_keyword": {"zh": "{value}→{canonical}（按关键词）{count} 行", "en": "{value}->{canonical} (by keyword) x{count}"},
    "free_hit": {"zh": "{value} {count} 行", "en": "{value} x{count}"},
    "miss": {"zh": "{value} {count} 行", "en": "{value} x{count}"},
    "none": {"zh": "无", "en": "none"},
    "areas_rule": {"zh": "  地区特征：按 params.yaml 的 areas 名单由 {column} 判定", "en": "  area: from {column} by the areas list of params.yaml"},
    # the trial load
    "load_title": {"zh": "校验（与 lqrel validate 相同的读取）：", "en": "Validation (the same load as lqrel validate):"},
    "load_counts": {"zh": "  读入 {rows_read} 行：接受 {accepted}，无效 {rejected}，重复 {duplicates}",
                    "en": "  {rows_read:~row~rows} read: {accepted} accepted, {rejected} rejected, {duplicates:~duplicate~duplicates}"},
    "load_customers": {"zh": "  读入 {accepted} 行，全部有效", "en": "  {accepted:~row~rows} read, all valid"},
    "reject_line": {"zh": "  {reason}：{count} 行（第 {rows} 行）", "en": "  {reason}: {count:~row~rows} (rows {rows})"},
    "load_error": {"zh": "  无法加载：{error}", "en": "  cannot load: {error}"},
    # settings
    "certain_title": {"zh": "确定的设置（--write 写入）：", "en": "Certain settings (written by --write):"},
    "certain_none": {"zh": "确定的设置：无需新增", "en": "Certain settings: nothing to add"},
    "suggest_title": {"zh": "建议（需您确认，不会自动写入）：", "en": "Suggestions (yours to confirm, never written by themselves):"},
    "suggest_column": {"zh": "  字段 {field} 没有对应的表头；最接近的是「{header}」（建议，请确认）：\n      {line}\n    或运行时加 --map {field}={header}",
                       "en": "  field {field} has no header; the closest is '{header}' (a suggestion, confirm it):\n      {line}\n    or add --map {field}={header}"},
    # the customers file and the application log: commands' --map maps the outage log only; inspect's own --map
    # with --write puts the mapping in the settings
    "suggest_column_settings": {
        "zh": "  字段 {field} 没有对应的表头；最接近的是「{header}」（建议，请确认）：\n      {line}\n    "
              "或 lqrel inspect 加 --map {field}={header} --write 写入设置（其他命令的 --map 只用于停电记录）",
        "en": "  field {field} has no header; the closest is '{header}' (a suggestion, confirm it):\n      {line}\n    "
              "or lqrel inspect with --map {field}={header} --write into the settings (the other commands' --map maps "
              "the outage log only)"},
    "suggest_column_none": {"zh": "  字段 {field} 没有对应的表头，也没有相近的表头；请从上列表头中选择一个：\n      {line}",
                            "en": "  field {field} has no header and none is close; choose one of the headers above:\n      {line}"},
    "suggest_value": {"zh": "  {field} 的取值「{value}」（{count} 行）不在词表中；由您决定它的含义，选择其一加入 params.yaml：",
                      "en": "  {field} value '{value}' ({count:~row~rows}) is not in the vocabulary; you decide what it means, add one of:"},
    "suggest_areas": {"zh": "  也可以由 {header} 判定城乡：列出城镇的{header}，其余为农村；{header} 的取值有：{values}",
                      "en": "  or tell the area by {header}: list its urban names, every other is rural; its values: {values}"},
    "suggest_date_order": {"zh": "  {field} 的日月顺序需要您确认，选择其一：",
                           "en": "  the day/month order of {field} is yours to confirm, one of:"},
    "suggest_duration_unit": {"zh": "  {header} 的单位需要您确认（分钟或小时），选择其一：",
                              "en": "  the unit of {header} is yours to confirm (minutes or hours), one of:"},
    "placeholder.header": {"zh": "<表头>", "en": "<header>"},
    "placeholder.urban": {"zh": "<城镇的名称>", "en": "<urban names>"},
    "choice": {"zh": "      {line}", "en": "      {line}"},
    # --write
    "written_new": {"zh": "已写入新文件 {file}：{keys}", "en": "Wrote the new file {file}: {keys}"},
    "written_added": {"zh": "已加入 {file}：{keys}（原有内容和注释不变）",
                      "en": "Added to {file}: {keys} (its other text and comments unchanged)"},
    "written_merged": {"zh": "已合并到 {file}：{keys}；重写后不保留注释，原文件另存为 {backup}",
                       "en": "Merged into {file}: {keys}; rewritten without its comments, the previous text kept as {backup}"},
    "written_nothing": {"zh": "没有确定的设置需要写入 {file}", "en": "No certain setting to write to {file}"},
    "kept": {"zh": "文件中已有不同的设置，未改（要改用本次的值，请手动修改这些行）：{keys}",
             "en": "Kept the file's own different settings (to use this run's, edit these lines by hand): {keys}"},
    "kept_item": {"zh": "{key}：文件中为 {old}，本次为 {new}", "en": "{key}: the file's {old}, not {new}"},
    "clash": {"zh": "各文件的 {keys} 不同，未写入", "en": "The files disagree on {keys}: not written"},
    "not_written": {"zh": "未写入的建议 {count} 条（每条选其一，确认后自行加入）：",
                    "en": "{count:~suggestion~suggestions} not written (pick one line of each, add it once confirmed):"},
}

#: The vocabularies' codes by column in words (``lqrel inspect``'s recognised values): the code itself in English,
#: as the settings and --json write it, a word in Chinese.
_ZH_VALUES: dict[str, dict[str, str]] = {
    "area": {"urban": "城镇", "rural": "农村"},
    "nature": {"fault": "故障停电", "planned": "预安排停电"},
    "external": {"true": "外部", "false": "内部"},
    "shortage": {"true": "系统电源不足限电", "false": "非限电"},
    "customer_type": {code[3:]: texts["zh"] for code, texts in REPORT.items() if code.startswith("ct_")},
    "stage": {code[3:]: texts["zh"] for code, texts in REPORT.items() if code.startswith("st_")},
    "works": {"true": "有工程", "false": "无工程"},
    "online": {"true": "线上申请", "false": "线下申请"},
    "grid_invested": {"true": "电网投资到表", "false": "客户投资"},
    "approval": {"true": "需行政审批", "false": "无需行政审批"},
}
INSPECT.update({f"value.{column}.{code}": {"zh": word, "en": code}
                for column, words in _ZH_VALUES.items() for code, word in words.items()})
