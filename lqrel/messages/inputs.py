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
    "unknown_file_type": {"en": "{file}: unknown file type '{suffix}' (expected .csv, .csv.gz, .xlsx or .parquet)",
                          "zh": "{file}：无法识别的文件类型“{suffix}”（应为 .csv、.csv.gz、.xlsx 或 .parquet）"},
    "no_header": {"en": "{file}: no header row with the expected columns in the first {rows} rows (map your headers "
                        "under 'columns:' in params.yaml, or set header_row)",
                  "zh": "{file}：前 {rows} 行中没有含所需列的表头行（请在 params.yaml 的“columns:”下映射表头，"
                        "或设置 header_row）"},
    "file_empty": {"en": "{file}: the file is empty", "zh": "{file}：文件为空"},
    "header_row_beyond_end": {"en": "{file}: header_row {row} is beyond the end of the file",
                              "zh": "{file}：表头行 header_row {row} 超出了文件末尾"},
    "not_text_file": {"en": "{file}: not a text file (binary content); expected CSV",
                      "zh": "{file}：不是文本文件（二进制内容），应为 CSV"},
    "cannot_decode": {"en": "{file}: cannot decode as UTF-8 or GB18030 (byte {byte})",
                      "zh": "{file}：无法按 UTF-8 或 GB18030 解码（第 {byte} 字节）"},
    "malformed_csv": {"en": "{file}, line {line}: malformed CSV ({problem})",
                      "zh": "{file}，第 {line} 行：CSV 格式错误（{problem}）"},
    "cannot_read_file": {"en": "{file}: cannot read ({problem})", "zh": "{file}：无法读取（{problem}）"},
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
        "en": "{file}: no header row with the expected columns in the first {rows} rows: no column for {missing}. "
              "The row most like a header has: {found}. Closest: {close}. Map them under '{setting}:' in params.yaml "
              "(canonical: header) or for this run with --map canonical=header, or set header_row",
        "zh": "{file}：前 {rows} 行中没有含所需列的表头行：找不到 {missing} 列。最像表头的一行：{found}。最接近的："
              "{close}。请在 params.yaml 的“{setting}:”下映射（规范名: 表头），或本次运行用 --map 规范名=表头，"
              "或设置 header_row",
    },
    "no_header_columns_file": {
        "en": "{file}: no header row with the expected columns in the first {rows} rows: no column for {missing}. "
              "The row most like a header has: {found}. Closest: {close}. Map them under '{setting}:' in params.yaml "
              "(canonical: header)",
        "zh": "{file}：前 {rows} 行中没有含所需列的表头行：找不到 {missing} 列。最像表头的一行：{found}。最接近的："
              "{close}。请在 params.yaml 的“{setting}:”下映射（规范名: 表头）",
    },
    "header_twice": {
        "en": "{file}: header '{header}' (used for {canonical}) names columns {columns}; rename one of them or map "
              "the other header",
        "zh": "{file}：表头“{header}”（用作 {canonical}）出现在 {columns} 列；请改名其中之一，或映射另一个表头",
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
