"""Errors a user can fix (a family of the catalogue, :mod:`lqrel.messages`): code -> {lang: template}.

Raised as ``InputError(code="...", file=..., ...)`` (:mod:`lqrel.errors`); the command line renders them in the
run's language. A ``{where}`` or ``{problem}`` of a settings error is itself a code (:class:`lqrel.messages.Phrase`).
"""

from __future__ import annotations

#: The settings file (params.yaml): where a bad value is, and what is wrong with it.
SETTINGS: dict[str, dict[str, str]] = {
    "setting_invalid": {"en": "{where}: {problem}", "zh": "{where}：{problem}"},
    "setting_at_line": {"en": "{file}, line {line}: key '{key}'", "zh": "{file} 第 {line} 行，设置项 '{key}'"},
    "setting_at": {"en": "{file}: key '{key}'", "zh": "{file}，设置项 '{key}'"},
    "setting_unknown": {"en": "unknown setting (allowed: {allowed})", "zh": "没有这个设置项（可用的有：{allowed}）"},
    "setting_number": {"en": "expected a number, got {value}", "zh": "应为数字，实际为 {value}"},
    "setting_finite": {"en": "expected a finite number, got {value}", "zh": "应为有限的数字，实际为 {value}"},
    "setting_number_min": {"en": "expected a number >= {minimum}, got {value}",
                           "zh": "应为不小于 {minimum} 的数字，实际为 {value}"},
    "setting_boolean": {"en": "expected true or false, got {value}", "zh": "应为 true 或 false，实际为 {value}"},
    "setting_integer": {"en": "expected a whole number, got {value}", "zh": "应为整数，实际为 {value}"},
    "setting_integer_min": {"en": "expected a whole number >= {minimum}, got {value}",
                            "zh": "应为不小于 {minimum} 的整数，实际为 {value}"},
    "setting_choice": {"en": "expected one of {options}, got {value}", "zh": "应为 {options} 之一，实际为 {value}"},
    "setting_mapping": {"en": "expected a mapping, got {value}", "zh": "应为键值映射（键: 值），实际为 {value}"},
    "setting_names": {"en": "expected a name or a list of names, got {value}",
                      "zh": "应为一个名称或名称列表，实际为 {value}"},
    "setting_path": {"en": "expected a file path, a folder, a glob pattern or a list of them, got {value}",
                     "zh": "应为文件路径、文件夹、通配符模式或它们的列表，实际为 {value}"},
    "setting_file": {"en": "expected the path of one file, got {value}", "zh": "应为一个文件的路径，实际为 {value}"},
    "setting_max_duration": {"en": "expected at most {limit} h (ten years), got {value}",
                             "zh": "应不超过 {limit} 小时（十年），实际为 {value}"},
    "setting_timezone": {"en": "unknown time zone {value}", "zh": "无法识别的时区 {value}"},
    "setting_canonical_column": {"en": "expected a canonical column name, got {value}",
                                 "zh": "应为标准列名，实际为 {value}"},
    "setting_urban_names": {"en": "list the urban names (every unlisted name is then rural)",
                            "zh": "请列出城镇的名称（未列出的都算农村）"},
    "setting_both_areas": {"en": "names listed as both urban and rural: {names}",
                           "zh": "这些名称同时列为城镇和农村：{names}"},
    "setting_header_row": {"en": "expected a row number >= 1, got {value}", "zh": "应为不小于 1 的行号，实际为 {value}"},
    "setting_sheet": {"en": "expected a sheet name or number, got {value}", "zh": "应为工作表名称或序号，实际为 {value}"},
    "setting_name": {"en": "expected a name, got {value}", "zh": "应为名称，实际为 {value}"},
    "setting_month": {"en": "expected a month as YYYY-MM, got {value}", "zh": "应为 YYYY-MM 格式的月份，实际为 {value}"},
    "setting_change_bounds": {"en": "give 'from' (first month) or 'through' (last month), or both",
                              "zh": "请给出 'from'（首月）或 'through'（末月），或两者都给"},
    "setting_date": {"en": "expected a date as YYYY-MM-DD, got {value}", "zh": "应为 YYYY-MM-DD 格式的日期，实际为 {value}"},
    "setting_from_after_through": {"en": "'from' is after 'through'", "zh": "'from' 晚于 'through'"},
    "setting_date_list": {"en": "expected a list of dates (YYYY-MM-DD), got {value}",
                          "zh": "应为日期列表（YYYY-MM-DD），实际为 {value}"},
    "setting_dates": {"en": "expected dates as YYYY-MM-DD, got {value}", "zh": "日期应为 YYYY-MM-DD 格式，实际为 {value}"},
    "setting_probability": {"en": "expected a probability between 0 and 1, got {value}",
                            "zh": "应为 0 到 1 之间的概率，实际为 {value}"},
    "setting_off_track": {"en": "off_track_probability must not exceed on_track_probability",
                          "zh": "off_track_probability 不能大于 on_track_probability"},
    "setting_rules": {"en": "expected a list of rules, got {value}", "zh": "应为规则列表，实际为 {value}"},
    "setting_rule_count": {"en": "a rule needs a count", "zh": "规则缺少次数 count"},
    "setting_rule_days": {"en": "a {window} window needs days", "zh": "{window} 窗口需要天数 days"},
    "setting_fraction": {"en": "expected a fraction between 0 and 1, got {value}",
                         "zh": "应为 0 到 1 之间的比例，实际为 {value}"},
    "setting_reduction": {"en": "expected a fraction below 1 (0.05 for a 5% cut), got {value}",
                          "zh": "应为小于 1 的比例（压缩 5% 写作 0.05），实际为 {value}"},
    "setting_year": {"en": "expected a year, got {value}", "zh": "应为年份，实际为 {value}"},
    "setting_average_since": {"en": "average_since needs targets.baseline_year",
                              "zh": "average_since 需要设置 targets.baseline_year"},
    "settings_too_deep": {"en": "{file}, line {line}: settings nested deeper than {depth} levels",
                          "zh": "{file} 第 {line} 行：设置嵌套超过 {depth} 层"},
    "settings_aliases": {"en": "{file}, line {line}: more than {count} YAML aliases (*name); write the values out",
                         "zh": "{file} 第 {line} 行：YAML 别名（*name）超过 {count} 个；请直接写出取值"},
    "settings_not_file": {"en": "{file}: not a regular file; expected a YAML settings file",
                          "zh": "{file}：不是普通文件；应为 YAML 设置文件"},
    "settings_too_large": {"en": "{file}: settings file larger than {mb} MB", "zh": "{file}：设置文件大于 {mb} MB"},
    "settings_unreadable": {"en": "{file}: cannot read settings file ({reason})",
                            "zh": "{file}：无法读取设置文件（{reason}）"},
    "settings_not_utf8": {"en": "{file}: settings file is not UTF-8 text", "zh": "{file}：设置文件不是 UTF-8 文本"},
    # a YAML syntax error: what is likely wrong ({hint}, a yaml_* code) and PyYAML's own words ({detail}, shown
    # in English only: lqrel.messages.LibraryText)
    "settings_malformed": {"en": "{file}: malformed YAML ({hint}; PyYAML says: {detail})",
                           "zh": "{file}：YAML 格式错误（{hint}）{detail}"},
    "settings_malformed_line": {
        "en": "{file}, line {line}, column {column}: malformed YAML ({hint}; PyYAML says: {detail})",
        "zh": "{file} 第 {line} 行第 {column} 列：YAML 格式错误（{hint}）{detail}"},
    "yaml_unclosed": {"en": "a bracket or quote opened here is probably never closed",
                      "zh": "这里开始的括号或引号未闭合？"},
    "yaml_colon": {"en": "probably a colon inside an unquoted value, or a wrong indentation",
                   "zh": "值里有冒号却没加引号，或缩进不对？"},
    "yaml_tab": {"en": "probably a tab in the indentation: indent with spaces", "zh": "缩进里有制表符？请改用空格"},
    "yaml_indentation": {"en": "probably a wrong indentation or a stray bracket", "zh": "缩进不对，或多了括号？"},
    "yaml_tag": {"en": "a !! YAML tag, which lqrel does not read", "zh": "lqrel 不读取 !! 开头的 YAML 标签"},
    "yaml_alias": {"en": "an alias (*) that no anchor (&) defines", "zh": "别名（*）没有对应的锚点（&）"},
    "yaml_character": {"en": "a character YAML does not allow, maybe a control character",
                       "zh": "含有 YAML 不允许的字符，可能是控制字符"},
    "yaml_other": {"en": "check the colons, indentation, brackets and quotes here",
                   "zh": "请检查这里的冒号、缩进、括号和引号"},
    "settings_not_mapping": {"en": "{file}: expected a mapping of settings at the top level",
                             "zh": "{file}：顶层应为设置项的键值映射"},
}

#: Arguments of a command (or the service call standing for it).
USAGE: dict[str, dict[str, str]] = {
    "map_invalid": {"en": "--map {item}: expected canonical=header with canonical one of {columns}",
                    "zh": "--map {item}：应写成 标准列名=表头，标准列名为 {columns} 之一"},
    "data_through_invalid": {"en": "--data-through {value}: expected a date YYYY-MM-DD",
                             "zh": "--data-through {value}：应为 YYYY-MM-DD 格式的日期"},
    "no_events_file": {"en": "no EVENTS file given and the settings {settings} name none under 'events:'",
                       "zh": "没有给出停电记录文件 EVENTS，设置文件 {settings} 的 'events:' 也没有指定"},
    "no_customers_file": {"en": "no --customers file given and the settings {settings} name none under 'customers:'",
                          "zh": "没有给出 --customers 用户数文件，设置文件 {settings} 的 'customers:' 也没有指定"},
    "no_applications_file": {"en": "no APPLICATIONS file given and the settings {settings} name none under "
                                   "'applications:'",
                             "zh": "没有给出业扩报装申请文件 APPLICATIONS，设置文件 {settings} 的 'applications:' 也没有指定"},
    # no settings file at all: none given with --params and no params.yaml in the folder of the run
    "no_events_file_no_settings": {
        "en": "no EVENTS file given, and no settings file (no --params, no params.yaml here) names one under 'events:'",
        "zh": "没有给出停电记录文件 EVENTS，也没有设置文件（未给 --params，当前文件夹也没有 params.yaml）在 'events:' 下指定"},
    "no_customers_file_no_settings": {
        "en": "no --customers file given, and no settings file (no --params, no params.yaml here) names one under "
              "'customers:'",
        "zh": "没有给出 --customers 用户数文件，也没有设置文件（未给 --params，当前文件夹也没有 params.yaml）在 'customers:' 下指定"},
    "no_applications_file_no_settings": {
        "en": "no APPLICATIONS file given, and no settings file (no --params, no params.yaml here) names one under "
              "'applications:'",
        "zh": "没有给出业扩报装申请文件 APPLICATIONS，也没有设置文件（未给 --params，当前文件夹也没有 params.yaml）在 "
              "'applications:' 下指定"},
    "date_invalid": {"en": "--date {value}: expected YYYY-MM-DD", "zh": "--date {value}：应为 YYYY-MM-DD 格式的日期"},
    "as_of_invalid": {"en": "--as-of {value}: expected YYYY-MM-DD", "zh": "--as-of {value}：应为 YYYY-MM-DD 格式的日期"},
    "as_of_finished_year": {"en": "--as-of {as_of} ends {year}, which the data cover: a finished year has its verdict, not a projection (lqrel check --year {year})",
                            "zh": "--as-of {as_of} 是 {year} 年的最后一天，数据覆盖全年：已结束的年份给出达标结论，不做预测（lqrel check --year {year}）"},
    "through_invalid": {"en": "--through {value}: expected YYYY-MM-DD", "zh": "--through {value}：应为 YYYY-MM-DD 格式的日期"},
    "as_of_default_finished": {"en": "the data end on {through}, the last day of {year}, which they cover: a finished year has its verdict, not a projection (lqrel check --year {year}); to project from an earlier day give --as-of YYYY-MM-DD",
                               "zh": "数据覆盖到 {through}，即 {year} 年的最后一天，全年已覆盖：已结束的年份给出达标结论，不做预测（lqrel check --year {year}）；要从更早的某一天起预测，请给出 --as-of YYYY-MM-DD"},
    "as_of_outside_year": {"en": "--as-of {as_of} is outside {year}: a budget runs from 1 January to 31 December of its year; give a day of {year}, or leave --as-of out for the whole year",
                           "zh": "--as-of {as_of} 不在 {year} 年内：预算按年从 1 月 1 日到 12 月 31 日；请给出 {year} 年内的日期，或省略 --as-of 看全年"},
    "rejects_over_input": {"en": "--rejects {target}: that is an input file ({source}); choose another path",
                           "zh": "--rejects {target}：这是输入文件（{source}）；请换一个路径"},
    "backtest_short": {"en": "not enough history for a backtest (two full years before a projected year)",
                       "zh": "历史数据不足，无法回测（预测年份之前需要两个完整年度）"},
    "all_needs_years": {"en": "--all needs --from YEAR and --to YEAR (from <= to)",
                        "zh": "--all 需要 --from 年份 和 --to 年份（from 不晚于 to）"},
    "years_invalid": {"en": "--years {value}: expected YYYY-YYYY", "zh": "--years {value}：应为 YYYY-YYYY"},
    "scale_not_positive": {"en": "--scale must be positive", "zh": "--scale 必须大于 0"},
    "events_needs_parquet": {"en": "--events goes with --format parquet", "zh": "--events 只能与 --format parquet 同用"},
    "group_by_unknown": {"en": "cannot group by {unknown}; choose from area, month, quarter, {keys}",
                         "zh": "无法按 {unknown} 分组；可选 area、month、quarter、{keys}"},
    "group_by_two_times": {"en": "group by at most one of month, quarter", "zh": "month 和 quarter 最多只能选一个分组"},
    "exclude_med_engine": {"en": "--exclude-med works on a validated log with the pandas engine",
                           "zh": "--exclude-med 只适用于经过校验的停电记录和 pandas 引擎"},
    "period_invalid": {"en": "invalid period {value}: expected YYYY, YYYYQ1-4, YYYYH1-2, YYYY-MM or YYYY-MM..YYYY-MM",
                       "zh": "无法识别的期间 {value}：应为 YYYY、YYYYQ1-4、YYYYH1-2、YYYY-MM 或 YYYY-MM..YYYY-MM"},
    "period_reversed": {"en": "invalid period {value}: the range ends before it starts",
                        "zh": "无法识别的期间 {value}：结束早于开始"},
}

#: Data that cannot answer the question asked.
DATA: dict[str, dict[str, str]] = {
    "year_not_covered_verdict": {
        "en": "{year} is not fully covered by the data (coverage {coverage}): no verdict; see lqrel forecast "
              "--as-of {through} for a projection",
        "zh": "数据没有完整覆盖 {year} 年（数据覆盖期 {coverage}）：不作达标判断；全年预测见 lqrel forecast "
              "--as-of {through}"},
    "year_outside_coverage": {
        "en": "the data coverage {coverage} holds nothing of {year}: no verdict; the years fully covered: {years} "
              "(e.g. --year {last})",
        "zh": "数据覆盖期为 {coverage}，不含 {year} 年：不作达标判断；完整覆盖的年份：{years}（例：--year {last}）"},
    "year_outside_coverage_none": {
        "en": "the data coverage {coverage} holds nothing of {year}, and no year is fully covered: no verdict",
        "zh": "数据覆盖期为 {coverage}，不含 {year} 年，也没有完整覆盖的年份：不作达标判断"},
    "year_not_covered_outside": {
        "en": "{year} is not fully covered by the data (coverage {coverage}): no verdict. {count:~outage~outages} of "
              "{year} (rows {rows}) lie outside the coverage, cut off by a run of months without any outage; if "
              "those months truly had none, declare what the export covers in params.yaml, e.g. coverage: "
              "{{from: {year}-01-01, through: {year}-12-31}} (or --data-through for its last day)",
        "zh": "数据没有完整覆盖 {year} 年（数据覆盖期 {coverage}）：不作达标判断。{year} 年有 {count} 条停电（第 {rows} 行）"
              "在覆盖期之外，中间隔着连续多月无停电；若那几个月确实没有停电，请在 params.yaml 中声明导出数据的起止日期，"
              "例如 coverage: {{from: {year}-01-01, through: {year}-12-31}}（或用 --data-through 给出最后一天）"},
    "year_not_covered_start": {
        "en": "the data begin on {from} (coverage {coverage}), after 1 January {year}: no verdict, and no year to "
              "date to project from; if the export does begin earlier (early months without outages, or their rows "
              "rejected: lqrel validate lists them), declare it in params.yaml: coverage: {{from: {year}-01-01, "
              "through: ...}}",
        "zh": "数据从 {from} 开始（数据覆盖期 {coverage}），不含 {year} 年年初：不作达标判断，也没有年初至今的数据可作全年预测；"
              "若导出的数据确实从更早开始（年初几个月没有停电，或这些行被拒收：lqrel validate 列出），请在 params.yaml 中声明："
              "coverage: {{from: {year}-01-01, through: ...}}"},
    "year_not_covered": {"en": "{year} is not fully covered by the data (coverage {coverage})",
                         "zh": "数据没有完整覆盖 {year} 年（数据覆盖期 {coverage}）"},
    "no_data_rows": {"en": "{file}: no data rows under the header (row {row})",
                     "zh": "{file}：表头（第 {row} 行）下面没有数据行"},
    "no_application_accepted": {
        "en": "{file}: no application was accepted ({read:~row~rows} read: {rejected} rejected, {duplicates:~duplicate~duplicates})",
        "zh": "{file}：没有一条申请被接受（读取 {read} 行：拒收 {rejected} 行，重复 {duplicates} 行）"},
    "baseline_not_before": {"en": "baseline year {baseline} must be before the judged year {year}",
                            "zh": "基准年 {baseline} 必须早于判断的年份 {year}"},
    "as_of_after_coverage": {"en": "as-of {as_of} is after the data coverage {coverage}; project from {through} or "
                                   "earlier",
                             "zh": "截止日 {as_of} 晚于数据覆盖期 {coverage}；请从 {through} 或更早开始预测"},
    "year_start_not_covered": {"en": "{year} before {as_of} is not covered by the data (coverage {coverage}): no "
                                     "year to date to project from",
                               "zh": "数据没有覆盖 {year} 年 {as_of} 之前的部分（数据覆盖期 {coverage}）：没有年初至今的数据可供预测"},
    "no_customers_served_area": {"en": "no customers served for {area}", "zh": "{area}地区没有总用户数"},
    "period_outside_coverage": {"en": "period {period} is outside the data coverage {coverage}",
                                "zh": "期间 {period} 在数据覆盖期 {coverage}之外"},
    "no_year_covered": {"en": "no calendar year is fully covered by the data (coverage {coverage})",
                        "zh": "数据没有完整覆盖任何一个自然年（数据覆盖期 {coverage}）"},
    "no_event_in_coverage": {
        "en": "no event starts inside the declared data coverage (from {first}, through {through}): declare both "
              "coverage bounds (coverage: {{from, through}})",
        "zh": "没有停电的开始时间落在声明的数据覆盖期内（起 {first}，止 {through}）：请同时声明覆盖期的起止"
              "（coverage: {{from, through}}）"},
    "log_without_events": {"en": "the log has no events: declare both coverage bounds (coverage: {{from, through}})",
                           "zh": "停电记录中没有停电：请同时声明覆盖期的起止（coverage: {{from, through}}）"},
    "coverage_reversed": {"en": "data coverage from {first} is after its end {through}",
                          "zh": "数据覆盖期的起始日 {first} 晚于截止日 {through}"},
    "customers_served_missing": {"en": "customers served missing for area {areas} (events exist there)",
                                 "zh": "缺少 {areas} 地区的总用户数（该地区有停电）"},
    "outside_holiday_calendar": {
        "en": "date {day} is outside the holiday calendar (chinese-calendar {version} knows {low} to {high}); update "
              "the package to count working days there",
        "zh": "日期 {day} 超出节假日日历的范围（chinese-calendar {version} 只含 {low} 至 {high}）；请更新该软件包后再计算这些日子的工作日"},
    "frequent_level_column": {"en": "frequent outages by {level} need a '{column}' column in the events",
                              "zh": "按 {level} 统计频繁停电，停电记录中需要有 '{column}' 列"},
    "no_quarter_covered": {"en": "no quarter is fully covered by the data (coverage {coverage})",
                           "zh": "数据没有完整覆盖任何一个季度（数据覆盖期 {coverage}）"},
}

#: Planned outages of ``lqrel budget --what-if``.
PLANS: dict[str, dict[str, str]] = {
    "plans_unreadable": {"en": "{file}: cannot read planned outages ({reason})",
                         "zh": "{file}：无法读取计划停电文件（{reason}）"},
    "plans_columns": {"en": "{file}: expected columns feeder (线路名称) or town (供电所), customers (停电用户数) and a "
                            "duration with its unit: hours (停电时长(小时)) or minutes (停电时长(分钟))",
                      "zh": "{file}：应有列 线路名称 或 供电所、停电用户数，以及带单位的停电时长：停电时长(小时) 或 "
                            "停电时长(分钟)"},
    "plans_bare_duration": {"en": "{file}: column '{column}' gives no unit: name it 停电时长(小时) (hours) or "
                                  "停电时长(分钟) (minutes)",
                            "zh": "{file}：列“{column}”没有写明单位：请改为 停电时长(小时) 或 停电时长(分钟)"},
    "plans_number": {"en": "{file}, row {row}, column '{column}': expected a number >= 0 (value {value})",
                     "zh": "{file} 第 {row} 行，列 '{column}'：应为不小于 0 的数字（值为 {value}）"},
    "plans_unknown_unit": {"en": "planned outage on {name}: unknown feeder or town; give its area",
                           "zh": "计划停电 {name}：线路或供电所无法识别；请给出其区域（area）"},
    "plans_area_ambiguous": {"en": "planned outage on {name}: its outages lie in both areas; give the plan's area "
                                   "(an area column, 城镇 or 农村)",
                             "zh": "计划停电 {name}：该单元的停电记录城镇、农村都有；请在计划中给出区域（区域列：城镇或农村）"},
    "plans_unknown_town": {"en": "planned outage on {name}: not a town of the customers file; name the town (--town "
                                 "or a town column)",
                           "zh": "计划停电 {name}：不是用户数文件中的供电所；请写明供电所（--town 或 供电所 列）"},
    "town_budget_no_towns": {"en": "the customers file has no town column: the budget cannot be split to towns",
                             "zh": "用户数文件没有供电所列：预算无法分解到各供电所"},
    "town_unknown": {"en": "--town {town}: not a town of the customers file (--town all lists every town)",
                     "zh": "--town {town}：不是用户数文件中的供电所（--town all 列出全部供电所）"},
    "rank_level": {"en": "--level {value}: expected town or feeder", "zh": "--level {value}：应为 town 或 feeder"},
}

#: Building and publishing reports.
REPORTS: dict[str, dict[str, str]] = {
    "pdf_needs_chromium": {"en": "PDF needs Chromium (make browser installs it); leave pdf out of --formats",
                           "zh": "生成 PDF 需要 Chromium（make browser 可安装）；或从 --formats 中去掉 pdf"},
    "pdf_failed": {"en": "PDF printing failed (Chromium exit {code_exit})",
                   "zh": "PDF 打印失败（Chromium 退出码 {code_exit}）"},
    "report_no_summary": {"en": "report {label} failed: the notebook wrote no headline summary; notebook kept at "
                                "{kept}",
                          "zh": "报告 {label} 生成失败：笔记本没有写出目标完成情况摘要；笔记本保留在 {kept}"},
    "report_failed": {"en": "report {label} failed: {reason}", "zh": "报告 {label} 生成失败：{reason}"},
    "report_failed_kept": {"en": "report {label} failed: {reason}; notebook kept at {kept}",
                           "zh": "报告 {label} 生成失败：{reason}；笔记本保留在 {kept}"},
    "report_checks_failed": {"en": "report {label} failed its checks: {problems}; notebook kept at {kept}",
                             "zh": "报告 {label} 未通过检查：{problems}；笔记本保留在 {kept}"},
    "unknown_language": {"en": "unknown language {value}; choose {choices}", "zh": "无法识别的语言 {value}；可选 {choices}"},
    "unknown_formats": {"en": "unknown formats {value}; choose from {choices}",
                        "zh": "无法识别的格式 {value}；可选 {choices}"},
    "pdf_needs_html": {"en": "pdf is printed from the page: ask for html too", "zh": "PDF 由网页打印而来：请同时要求 html"},
    "unknown_names": {"en": "unknown file names {value}; choose en or zh", "zh": "无法识别的文件命名 {value}；可选 en 或 zh"},
    "publish_not_link": {"en": "{file}: expected the link lqrel made to the current report, found a real file or "
                               "folder; move it away",
                         "zh": "{file}：这里应是 lqrel 建立的指向当前报告的链接，却是真实的文件或文件夹；请移走它"},
    "state_not_folder": {"en": "{file}: expected a folder lqrel created, found a link or a file; remove it",
                         "zh": "{file}：这里应是 lqrel 建立的文件夹，却是链接或文件；请删除它"},
    "state_other_user": {"en": "{file}: the folder belongs to another user (uid {uid}); give your own with --state-dir or LQREL_STATE_DIR",
                         "zh": "{file}：该文件夹属于另一个用户（uid {uid}）；请用 --state-dir 或 LQREL_STATE_DIR 指定自己的文件夹"},
    "state_cannot_make": {"en": "{file}: cannot make the state folder ({reason}); give one with --state-dir or LQREL_STATE_DIR",
                          "zh": "{file}：无法建立状态文件夹（{reason}）；请用 --state-dir 或 LQREL_STATE_DIR 指定一个"},
    "state_cannot_write": {"en": "{file}: cannot write it safely ({reason}); remove it", "zh": "{file}：无法安全地写入（{reason}）；请删除它"},
    "lock_unsafe": {"en": "{file}: cannot open the lock safely ({reason}); remove it",
                    "zh": "{file}：无法安全地打开锁文件（{reason}）；请删除它"},
    "lock_not_file": {"en": "{file}: cannot open the lock safely (a link or not a regular file); remove it",
                      "zh": "{file}：无法安全地打开锁文件（它是链接或不是普通文件）；请删除它"},
}

#: The peer benchmark file (:mod:`lqrel.benchmark`): a row that cannot be used, named by file, row, column, value.
BENCHMARK: dict[str, dict[str, str]] = {
    "benchmark_no_source": {"en": "{file}, row {row}, column {column}: no source; a figure without a source is not "
                                  "used (give the title and address where it was published)",
                            "zh": "{file} 第 {row} 行，{column} 列：没有来源；没有来源的数字不能用于对比（请填写发布该数字"
                                  "的文件标题和网址）"},
    "benchmark_no_name": {"en": "{file}, row {row}, column {column}: no name (whose figure is it?)",
                          "zh": "{file} 第 {row} 行，{column} 列：名称为空（这是哪个地区的数字？）"},
    "benchmark_bad_year": {"en": "{file}, row {row}, column {column}: expected a year such as 2023, got '{value}'",
                           "zh": "{file} 第 {row} 行，{column} 列：应为年份（如 2023），实际为“{value}”"},
    "benchmark_bad_area": {"en": "{file}, row {row}, column {column}: expected 城镇 (urban), 农村 (rural) or 全口径 "
                                 "(all), got '{value}'",
                           "zh": "{file} 第 {row} 行，{column} 列：应为 城镇、农村 或 全口径，实际为“{value}”"},
    "benchmark_bad_hours": {"en": "{file}, row {row}, column {column}: expected hours per customer (a number >= 0), "
                                  "got '{value}'",
                            "zh": "{file} 第 {row} 行，{column} 列：应为每户停电小时数（不小于 0 的数字），实际为“{value}”"},
}

ERRORS: dict[str, dict[str, str]] = {**SETTINGS, **USAGE, **DATA, **PLANS, **REPORTS, **BENCHMARK}
