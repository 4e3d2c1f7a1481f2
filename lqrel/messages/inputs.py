"""What lqrel says about input files it cannot use as given (a family of the catalogue, :mod:`lqrel.messages`):
code -> {lang: template}.

``INPUT_ERRORS`` are merged into the ``error`` family (raised as ``InputError(code="...", file=..., ...)``);
``INPUT_WARNINGS`` into the ``warning`` family (a remark on one row of a log read from several files). Each
error says what was found in the file (the headers, the values) and the setting that settles it.
"""

from __future__ import annotations

INPUT_ERRORS: dict[str, dict[str, str]] = {
    # where the files are (events:, customers:, applications: and the command's file arguments)
    "file_not_found": {"en": "{file}: file not found", "zh": "{file}：文件不存在"},
    "folder_empty": {"en": "{folder}: the folder holds no .csv, .xlsx, .xls or .parquet file",
                     "zh": "{folder}：文件夹中没有 .csv、.xlsx、.xls 或 .parquet 文件"},
    "glob_no_match": {"en": "{pattern}: no file matches this pattern", "zh": "{pattern}：没有与该模式匹配的文件"},
    "not_regular_file": {"en": "{file}: not a regular file (a device, a pipe or a socket), expected {what}",
                         "zh": "{file}：不是普通文件（设备、管道或套接字），应为{what}"},
    "is_folder": {"en": "{file}: is a folder, expected {what}", "zh": "{file}：是文件夹，应为{what}"},
    # what a file argument should be (``what`` of is_folder and not_regular_file)
    "kind_data_file": {"en": "a CSV, XLSX or Parquet file", "zh": "CSV、XLSX 或 Parquet 文件"},
    "kind_plans_file": {"en": "a CSV file of planned outages", "zh": "计划停电的 CSV 文件"},
    "unknown_file_type": {"en": "{file}: unknown file type '{suffix}' (expected .csv, .csv.gz, .xlsx, .xls or .parquet)",
                          "zh": "{file}：无法识别的文件类型“{suffix}”（应为 .csv、.csv.gz、.xlsx、.xls 或 .parquet）"},
    "no_header": {"en": "{file}: no header row with the expected columns in the first {rows:~row~rows} (map your headers "
                        "under 'columns:' in params.yaml, or set header_row)",
                  "zh": "{file}：前 {rows} 行中没有含所需列的表头行（请在 params.yaml 的“columns:”下映射表头，"
                        "或设置 header_row）"},
    "file_empty": {"en": "{file}: the file is empty", "zh": "{file}：文件为空"},
    "event_customers_header": {
        "en": "{file}: the event-customer file needs a column of event ids ({event}) and one of customer or "
              "transformer ids ({unit}); found: {found}",
        "zh": "{file}：停电用户明细文件需要停电编号列（{event}）和用户或台区编号列（{unit}）；找到的表头：{found}"},
    "header_row_beyond_end": {"en": "{file}: header_row {row} is beyond the end of the file",
                              "zh": "{file}：表头行 header_row {row} 超出了文件末尾"},
    "not_text_file": {"en": "{file}: not a text file (binary content); expected CSV",
                      "zh": "{file}：不是文本文件（二进制内容），应为 CSV"},
    "cannot_decode": {"en": "{file}: cannot decode as UTF-8 or GB18030 (byte {byte})",
                      "zh": "{file}：无法按 UTF-8 或 GB18030 解码（第 {byte} 字节）"},
    "bom_not_utf8": {"en": "{file}: starts with a UTF-8 mark but is not UTF-8 at byte {byte}",
                     "zh": "{file}：以 UTF-8 标记开头，但第 {byte} 字节不是 UTF-8"},
    "truncated_gzip": {"en": "{file}: truncated gzip file", "zh": "{file}：gzip 文件不完整"},
    "parquet_unreadable": {"en": "{file}: not a readable Parquet file ({problem})",
                           "zh": "{file}：无法读取的 Parquet 文件（{problem}）"},
    "malformed_csv": {"en": "{file}, line {line}: malformed CSV ({problem})",
                      "zh": "{file}，第 {line} 行：CSV 格式错误（{problem}）"},
    "cannot_read_file": {"en": "{file}: cannot read ({problem})", "zh": "{file}：无法读取（{problem}）"},
    # workbooks (XLSX, XLS): the sheet asked for, the sheets there are
    "workbook_unreadable": {"en": "{file}: not a readable XLSX workbook ({problem})",
                            "zh": "{file}：无法读取的 XLSX 工作簿（{problem}）"},
    "workbook_no_worksheet": {"en": "{file}: the workbook has no worksheet", "zh": "{file}：工作簿中没有工作表"},
    "no_sheet_named": {"en": "{file}: no sheet named '{sheet}' (sheets: {sheets})",
                       "zh": "{file}：没有名为「{sheet}」的工作表（现有工作表：{sheets}）"},
    "no_sheet_number": {"en": "{file}: no sheet number {number} (sheets: {sheets})",
                        "zh": "{file}：没有第 {number} 个工作表（现有工作表：{sheets}）"},
    "sheet_unreadable": {"en": "{file} (sheet {sheet}): cannot read the sheet ({problem})",
                         "zh": "{file}（工作表「{sheet}」）：无法读取该工作表（{problem}）"},
    "sheet_too_large": {"en": "{file} (sheet {sheet}): {mb} MB of sheet XML, more than {limit} MB: save the "
                              "sheet as CSV",
                        "zh": "{file}（工作表「{sheet}」）：工作表 XML 共 {mb} MB，超过 {limit} MB：请把该工作表另存为 CSV"},
    # headers: what was found, what is close, which setting maps it
    "missing_columns": {
        "en": "{file}: no column for {missing}. Headers found: {found}. Closest: {close}. Map them under "
              "'{setting}:' in params.yaml (canonical: header) or for this run with --map canonical=header",
        "zh": "{file}：找不到 {missing} 列。文件中的表头：{found}。最接近的：{close}。请在 params.yaml 的 "
              "“{setting}:” 下映射（规范名: 表头），或本次运行用 --map 规范名=表头",
    },
    "missing_columns_file": {
        "en": "{file}: no column for {missing}. Headers found: {found}. Closest: {close}. Map them under "
              "'{setting}:' in params.yaml (canonical: header)",
        "zh": "{file}：找不到 {missing} 列。文件中的表头：{found}。最接近的：{close}。请在 params.yaml 的 "
              "“{setting}:” 下映射（规范名: 表头）",
    },
    "no_header_columns": {
        "en": "{file}: no header row with the expected columns in the first {rows:~row~rows}: no column for {missing}. "
              "The row most like a header has: {found}. Closest: {close}. Map them under '{setting}:' in params.yaml "
              "(canonical: header) or for this run with --map canonical=header, or set header_row",
        "zh": "{file}：前 {rows} 行中没有含所需列的表头行：找不到 {missing} 列。最像表头的一行：{found}。最接近的："
              "{close}。请在 params.yaml 的“{setting}:”下映射（规范名: 表头），或本次运行用 --map 规范名=表头，"
              "或设置 header_row",
    },
    "no_header_columns_file": {
        "en": "{file}: no header row with the expected columns in the first {rows:~row~rows}: no column for {missing}. "
              "The row most like a header has: {found}. Closest: {close}. Map them under '{setting}:' in params.yaml "
              "(canonical: header)",
        "zh": "{file}：前 {rows} 行中没有含所需列的表头行：找不到 {missing} 列。最像表头的一行：{found}。最接近的："
              "{close}。请在 params.yaml 的“{setting}:”下映射（规范名: 表头）",
    },
    "header_twice": {
        "en": "{file}: header '{header}' (used for {canonical}) names columns {first} and {others}; rename one of "
              "them or map the other header",
        "zh": "{file}：表头“{header}”（用作 {canonical}）出现在 {first} 和 {others} 列；请改名其中之一，或映射另一个"
              "表头",
    },
    # values: the vocabulary and the setting that extends it
    "unknown_value": {
        "en": "{file}, row {row}, column '{column}': unknown value '{value}'. Known: {known}. Extend the "
              "vocabulary under '{setting}:' in params.yaml, e.g. {example}",
        "zh": "{file}，第 {row} 行，“{column}”列：无法识别的值“{value}”。已知的值：{known}。请在 params.yaml 的 "
              "“{setting}:” 下扩充词表，例如 {example}",
    },
    "unknown_values": {
        "en": "{file}, column '{column}': values outside the vocabulary: {values} (rows rejected). Known: {known}. "
              "Extend it under '{setting}:' in params.yaml, e.g. {example}, or for this run --map {map_example}",
        "zh": "{file}，“{column}”列：词表之外的值：{values}（这些行已拒收）。已知的值：{known}。"
              "请在 params.yaml 的“{setting}:”下扩充词表，例如 {example}，或本次运行用 --map {map_example}",
    },
    "unknown_values_file": {
        "en": "{file}, column '{column}': values outside the vocabulary: {values} (rows rejected). Known: {known}. "
              "Extend it under '{setting}:' in params.yaml, e.g. {example}",
        "zh": "{file}，“{column}”列：词表之外的值：{values}（这些行已拒收）。已知的值：{known}。"
              "请在 params.yaml 的“{setting}:”下扩充词表，例如 {example}",
    },
    # customers served
    "customers_no_month": {"en": "{file}: no month (月份) or year (年份) column; headers: {found}",
                           "zh": "{file}：没有月份或年份列；文件中的表头：{found}"},
    "customers_given_twice": {
        "en": "{file}, row {row}: customers for {what} given twice (first in row {first})",
        "zh": "{file}，第 {row} 行：{what} 的用户数重复给出（第一次在第 {first} 行）",
    },
    # --map on the command line
    "map_value_item": {
        "en": "--map {item!r}: expected column.canonical=value with column one of {columns} and canonical one of "
              "{canonicals}",
        "zh": "--map {item!r}：应为 列.规范值=源值，列为 {columns} 之一，规范值为 {canonicals} 之一",
    },
    # columns the loader cannot read one way ({where}: the file and ": ", or nothing for a frame in memory)
    "duration_without_unit": {
        "en": "{where}column '{column}' is a duration without a unit (minutes or hours?); set 'duration_unit: min' "
              "(or 'duration_unit: h') in params.yaml, or map it: 'columns: {{duration_min: {column}}}' (or "
              "duration_h)",
        "zh": "{where}“{column}”列是没有单位的停电时长（分钟还是小时？）；请在 params.yaml 中设置 "
              "“duration_unit: min”（或“duration_unit: h”），或映射它：“columns: {{duration_min: {column}}}”"
              "（或 duration_h）",
    },
    "dates_two_orders": {
        "en": "{where}column '{column}' reads its dates two ways: {dmy} only day first, {mdy} only month first; one "
              "column has one order: correct the export, or set 'date_order: dmy' or 'date_order: mdy' in "
              "params.yaml (dates impossible in that order are then rejected)",
        "zh": "{where}“{column}”列的日期有两种读法：{dmy} 只能日在前，{mdy} 只能月在前；一列只能有一种顺序："
              "请更正导出文件，或在 params.yaml 中设置“date_order: dmy”或“date_order: mdy”（按该顺序不可能的"
              "日期将被拒收）",
    },
    "dates_order_unsettled": {
        "en": "{where}column '{column}' has dates with day and month first that no value settles (no day above "
              "12), such as {examples}: set 'date_order: dmy' (day first) or 'date_order: mdy' (month first) in "
              "params.yaml",
        "zh": "{where}“{column}”列的日期日、月在前，但没有任何值能判定顺序（没有大于 12 的日），例如 {examples}："
              "请在 params.yaml 中设置“date_order: dmy”（日在前）或“date_order: mdy”（月在前）",
    },
    "today_malformed": {"en": "LQREL_TODAY={value!r}: expected a date as YYYY-MM-DD",
                        "zh": "LQREL_TODAY={value!r}：应为 YYYY-MM-DD 格式的日期"},
    # the customers file as a panel (docs/spec.md §5a)
    "panel_town_missing_months": {
        "en": "{file}: town '{name}' ({area}) has no customers in {months}, though the file runs from {first} to "
              "{last} (a name missing from some months shrinks the denominator and flatters SAIDI): add its counts, "
              "or declare a real change (a town merged or created) in params.yaml, e.g. customer_changes: "
              "{{{name}: {{from: YYYY-MM, through: YYYY-MM}}}}",
        "zh": "{file}：供电所“{name}”（{area}）在 {months} 没有用户数，而文件从 {first} 到 {last}（某些月份缺少"
              "一个名称会缩小分母、美化 SAIDI）：请补上它的用户数，或在 params.yaml 中声明真实的变化（供电所合并或"
              "新设），例如 customer_changes: {{{name}: {{from: YYYY-MM, through: YYYY-MM}}}}",
    },
    "panel_area_missing_months": {
        "en": "{file}: area {area} has no customers in {months}, though the file runs from {first} to {last} (a "
              "name missing from some months shrinks the denominator and flatters SAIDI): add its counts, or "
              "declare a real change in params.yaml, e.g. customer_changes: "
              "{{{name}: {{from: YYYY-MM, through: YYYY-MM}}}}",
        "zh": "{file}：{area}地区在 {months} 没有用户数，而文件从 {first} 到 {last}（某些月份缺少一个名称会缩小"
              "分母、美化 SAIDI）：请补上它的用户数，或在 params.yaml 中声明真实的变化，例如 customer_changes: "
              "{{{name}: {{from: YYYY-MM, through: YYYY-MM}}}}",
    },
    # event towns the customers file does not list (docs/spec.md §5a)
    "event_town_unknown": {
        "en": "{where}event town {town} (rows {rows}) is not in the customers file {customers_file} (its towns: "
              "{towns}): correct the spelling, add the town's customers, or, if its customers are counted in its "
              "area's, list it under known_towns in params.yaml",
        "zh": "{where}停电记录中的供电所 {town}（第 {rows} 行）不在用户数文件 {customers_file} 中（其供电所：{towns}）："
              "请更正拼写、补上该供电所的用户数，或者如果它的用户已计入所在地区，在 params.yaml 的 known_towns 下列出它",
    },
    "event_towns_unknown": {
        "en": "{where}event towns {listed} (with their rows) are not in the customers file {customers_file} (its "
              "towns: {towns}): correct the spelling, add the towns' customers, or, if their customers are counted "
              "in their area's, list them under known_towns in params.yaml",
        "zh": "{where}停电记录中的供电所 {listed}（括号内为行号）不在用户数文件 {customers_file} 中（其供电所：{towns}）："
              "请更正拼写、补上这些供电所的用户数，或者如果它们的用户已计入所在地区，在 params.yaml 的 known_towns 下列出",
    },
    # customers served of a period (docs/spec.md §4)
    "served_missing": {"en": "customers served missing for {area} {month} (needed for period {period})",
                       "zh": "缺少{area} {month} 的用户数（{period} 需要）"},
    "served_zero": {"en": "customers served is {count} for {area} {month} (needed for period {period}); an area "
                          "with users must count them",
                    "zh": "{area} {month} 的用户数为 {count}（{period} 需要）；有用户的地区必须给出用户数"},
    # the dataset
    "dataset_no_events_file": {"en": "no events file: give one or name it under 'events:' in params.yaml",
                       "zh": "没有停电记录文件：请给出文件，或在 params.yaml 的“events:”下指定"},
    "dataset_no_customers_file": {"en": "no customers file: give one (--customers) or name it under 'customers:' in "
                                "params.yaml",
                          "zh": "没有用户数文件：请用 --customers 给出，或在 params.yaml 的“customers:”下指定"},
    "dataset_no_data_rows": {"en": "{file}: no data rows under the header", "zh": "{file}：表头下没有数据行"},
    "no_row_accepted": {
        "en": "{file}: no row was accepted ({rows_read:~row~rows} read: {rejected} rejected, {duplicates:~duplicate~duplicates}); "
              "lqrel validate lists the reasons",
        "zh": "{file}：没有任何行被接受（读取 {rows_read} 行：拒收 {rejected} 行，重复 {duplicates} 行）；"
              "lqrel validate 列出原因",
    },
    "no_coverage": {
        "en": "the log has no events and no declared coverage: declare it (params.yaml coverage: {{from, "
              "through}}, or --data-through) to say which dates it speaks for",
        "zh": "停电记录没有事件，也没有声明数据覆盖期：请声明（params.yaml 的 coverage: {{from, through}}，或 "
              "--data-through），说明数据覆盖哪些日期",
    },
    "not_a_dataset": {"en": "{file}: not a dataset written by lqrel", "zh": "{file}：不是 lqrel 写出的数据集"},
}

#: A bad cell of the customers file: ``{file}, row {row}, column '{column}'``, what it should be, ``{value}``.
_CELLS = {
    "cell_customers_number": ("expected a number of customers >= 0", "应为不小于 0 的用户数"),
    "cell_customers_whole": ("expected a whole number of customers", "应为整数用户数"),
    "cell_town_name": ("expected a town (供电所) name", "应为供电所名称"),
    "cell_month": ("expected a month as YYYY-MM", "应为 YYYY-MM 格式的月份"),
    "cell_year": ("expected a year as YYYY", "应为 YYYY 格式的年份"),
}
INPUT_ERRORS |= {code: {"en": f"{{file}}, row {{row}}, column '{{column}}': {en} (value {{value}})",
                        "zh": f"{{file}}，第 {{row}} 行，“{{column}}”列：{zh}（值 {{value}}）"}
                 for code, (en, zh) in _CELLS.items()}

#: A name of the customers file present in other months than its declared change says (``customer_changes``):
#: town or area, months missing or extra.
_DECLARED = {
    "missing": ("has no customers in {months}, months its declared change (customer_changes {name}: from {since} "
                "through {until}) says it exists",
                "在 {months} 没有用户数，而其声明的变化（customer_changes {name}：从 {since} 到 {until}）表明它在这些月份存在"),
    "extra": ("has customers in {months}, outside the months of its declared change (customer_changes {name}: from "
              "{since} through {until})",
              "在 {months} 有用户数，超出了其声明的变化（customer_changes {name}：从 {since} 到 {until}）的月份"),
}
for _side, (_en, _zh) in _DECLARED.items():
    INPUT_ERRORS[f"panel_town_declared_{_side}"] = {"en": "{file}: town '{name}' ({area}) " + _en,
                                                    "zh": "{file}：供电所“{name}”（{area}）" + _zh}
    INPUT_ERRORS[f"panel_area_declared_{_side}"] = {"en": "{file}: area {area} " + _en, "zh": "{file}：{area}地区" + _zh}

INPUT_WARNINGS: dict[str, dict[str, str]] = {
    "file_overlap": {
        "en": "the same event as {rows} (files overlap, same id {id} and same values): counted once, this row kept",
        "zh": "与 {rows} 是同一事件（文件重叠，编号 {id} 相同、内容相同）：只计一次，保留本行",
    },
    "file_correction": {
        "en": "event id {id} also in {rows} with other values (same feeder, start on the same day): this later row "
              "is kept as the correction",
        "zh": "事件编号 {id} 也出现在 {rows}，但内容不同（同一线路、同一天开始）：保留本行（较晚的）作为更正",
    },
}
