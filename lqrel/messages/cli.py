"""What the command line prints (a family of the catalogue, :mod:`lqrel.messages`): code -> {lang: template}.

``LINES`` are the sentences of the commands' text output, ``COLUMNS`` the headers of their tables (``col_`` and
the column's name; the English header is the name itself, as ``--json`` has it) and ``WORDS`` the settings' values
in words. The help of the commands and their options is in :mod:`lqrel.messages.cli_help`.
"""

from __future__ import annotations

from lqrel.messages.cli_help import HELP

#: Lines of the commands' text output.
LINES: dict[str, dict[str, str]] = {
    "error_line": {"en": "lqrel: error: {error}", "zh": "lqrel：错误：{error}"},
    "file_error_line": {"en": "lqrel: error: {file}: {error}", "zh": "lqrel：错误：{file}：{error}"},
    "internal_error": {"en": "lqrel: internal error: {kind}: {error} (rerun with --debug)",
                       "zh": "lqrel：内部错误：{kind}: {error}（加 --debug 重新运行可看到详情）"},
    "interrupted": {"en": "lqrel: interrupted; the published reports are as they were",
                    "zh": "lqrel：已中断；已发布的报告保持原样"},
    "terminated": {"en": "lqrel: terminated; the published reports are as they were",
                   "zh": "lqrel：已终止；已发布的报告保持原样"},
    "coverage_line": {"en": "Data coverage {coverage}", "zh": "数据覆盖期 {coverage}"},
    "coverage_unknown": {"en": "Data coverage: unknown (no events)", "zh": "数据覆盖期：未知（没有停电记录）"},
    "coverage_partial": {"en": "; {label} is only partly covered: figures for the covered part (incomplete)",
                         "zh": "；{label} 只覆盖了一部分：数字只含已覆盖的部分（不完整）"},
    "coverage_unchecked": {"en": "Data coverage: not checked (compact Parquet input; validate the log with lqrel "
                                 "validate)",
                           "zh": "数据覆盖期：未检查（紧凑 Parquet 输入；请用 lqrel validate 校验停电记录）"},
    "coverage_inferred": {"en": "{first} .. {through} (inferred from the {what}' months)",
                          "zh": "{first} 至 {through}（按{what}的月份推断）"},
    "coverage_first_inferred": {"en": "{first} .. {through} ('from' inferred from the {what}' months)",
                                "zh": "{first} 至 {through}（起始日按{what}的月份推断）"},
    "coverage_through_inferred": {"en": "{first} .. {through} ('through' inferred from the {what}' months)",
                                  "zh": "{first} 至 {through}（截止日按{what}的月份推断）"},
    "coverage_declared": {"en": "{first} .. {through} (declared)", "zh": "{first} 至 {through}（已声明）"},
    "coverage_due": {"en": "{first} .. {through} ('from' inferred from the {what}' months, 'through' the scheduled "
                           "run's data cut-off)",
                     "zh": "{first} 至 {through}（起始日按{what}的月份推断，截止日为本期报送的数据截止日）"},
    "coverage_declared_due": {"en": "{first} .. {through} ('from' declared, 'through' the scheduled run's data "
                                    "cut-off)",
                              "zh": "{first} 至 {through}（起始日已声明，截止日为本期报送的数据截止日）"},
    "what_events": {"en": "events", "zh": "停电记录"},
    "what_applications": {"en": "applications", "zh": "申请记录"},
    "not_declared": {"en": "not declared", "zh": "未声明"},
    # a log read from several files, where a message names the file read (the input line, the summary's head)
    "several_files": {"en": "{count} files: {names}", "zh": "{count} 个文件（{names}）"},
    "files_count": {"en": "{count} files", "zh": "{count} 个文件"},
    "input_line": {"en": "Input {path}: {read:~row~rows} read = {accepted} accepted + {rejected} rejected + "
                         "{duplicates:~duplicate~duplicates}",
                   "zh": "输入 {path}：读取 {read} 行 = 接受 {accepted} + 拒收 {rejected} + 重复 {duplicates}"},
    "note_line": {"en": "Note: {text}", "zh": "说明：{text}"},
    "none": {"en": "none", "zh": "无"},
    "frequent_no_feeder": {"en": "none: frequent outages are counted by feeder (frequent_outages.level) and the log has "
                                 "no feeder column (线路 or 线路名称)",
                           "zh": "无：频繁停电按线路统计（frequent_outages.level），而停电记录没有线路列（线路、线路名称）"},
    "more": {"en": "(first {shown} of {total}; {how} lists more)", "zh": "（列出前 {shown} 条，共 {total} 条；{how} 列出更多）"},
    "more_short": {"en": "(first {shown} of {total})", "zh": "（列出前 {shown} 条，共 {total} 条）"},
    "rows_more": {"en": ", ... (+{count})", "zh": "……（另 {count} 行）"},
    "warnings_head": {"en": "Warnings ({count}):", "zh": "警告（{count} 条）："},
    # indices
    "indices_head": {"en": "Period {label}: {start} .. {end} ({hours} h); standard {standard}, short <= {short} min, "
                           "boundary {boundary}, customers {basis}",
                     "zh": "期间 {label}：{start} 至 {end}（{hours} 小时）；标准 {standard}，短时停电不超过 {short} 分钟，"
                           "跨期停电{boundary}，用户数{basis}"},
    "indices_med_removed": {"en": "; major event days removed", "zh": "；已剔除重大事件日"},
    "indices_engine_head": {"en": "Period {label} on {engine}", "zh": "期间 {label}，计算引擎 {engine}"},
    # check, summary
    "targets_head": {"en": "Targets {year}: {rule}", "zh": "{year} 年目标：{rule}"},
    "summary_head": {"en": "lqrel {version}: reliability summary {year} ({path})",
                     "zh": "lqrel {version}：{year} 年供电可靠性摘要（{path}）"},
    # med, frequent
    "med_head": {"en": "Major event days {year} (IEEE 1366 2.5 beta): {note}",
                 "zh": "{year} 年重大事件日（IEEE 1366 的 2.5β 法）：{note}"},
    "frequent_head": {"en": "Frequent outages {year} up to {as_of} by {level}: {frequent} frequent, {warning} warning",
                      "zh": "{year} 年频繁停电（截至 {as_of}，按{level}统计）：频繁停电 {frequent} 个，预警 {warning} 个"},
    # forecast, backtest
    "forecast_head": {"en": "Year-end SAIDI projection from {as_of} (median, 80% and 95% intervals; a projection, not "
                            "a verdict; on {basis})",
                      "zh": "自 {as_of} 起的年末 SAIDI 预测（中位数及 80%、95% 区间；是预测，不是达标判断；口径：{basis}）"},
    "basis_without_med": {"en": "data without major event days", "zh": "剔除重大事件日的数据"},
    "basis_all_data": {"en": "all data", "zh": "全量数据"},
    "backtest_too_short": {"en": "Too little history for a backtest (two complete years before a projected year).",
                           "zh": "历史数据太少，无法回测（被预测年份之前需要两个完整年份）。"},
    "backtest_head": {"en": "Backtest of the year-end projection from each quarter end: {cases:~case~cases}, 80% interval "
                            "covered {c80}, 95% covered {c95}, mean absolute error {mae} h",
                      "zh": "自每个季末起的年末预测回测：{cases} 次，80% 区间覆盖 {c80}，95% 区间覆盖 {c95}，"
                            "平均绝对误差 {mae} 小时"},
    "by_month": {"en": "By as-of month", "zh": "按预测起点月份"},
    # budget
    "whatif_head": {"en": "What-if from {as_of}: planned outages cost", "zh": "自 {as_of} 起的假设分析：计划停电的代价"},
    "whatif_effect": {"en": "Effect on each area's year-end projection (area figures)",
                      "zh": "对各区域年末预测的影响（区域指标）"},
    "budget_head": {"en": "Outage-hour budget {year} up to {as_of} (customer-hours; budget = the target's ceiling x "
                          "customers served)",
                    "zh": "{year} 年停电时户数预算（截至 {as_of}；单位：户·小时；预算 = 目标达标上限 × 总用户数）"},
    "whatif_towns": {"en": "Each town's part of its area's year budget, per area (customer-hours): budget, used to "
                           "date, the plans, left before and after them",
                     "zh": "各供电所在所在区域分得的全年预算（单位：户·小时，按区域列出）：本所预算、已用、本次计划、计划前后剩余"},
    "whatif_area_budget": {"en": "The area's year budget left, all its towns together (customer-hours)",
                           "zh": "所在区域全年预算剩余（全区域各所合计；单位：户·小时）"},
    "whatif_town_saidi": {"en": "The town's own SAIDI (its customer-hours / its own customers served, all its areas "
                                "together; h): not an area figure",
                          "zh": "供电所自身 SAIDI（本所停电时户数 ÷ 本所用户数，本所各区域合计；单位：小时）：不是区域指标"},
    "budget_towns_head": {"en": "Outage-hour budget {year} per town up to {as_of} (customer-hours; each area's "
                                "budget split between its towns {method})",
                          "zh": "{year} 年各供电所停电时户数预算（截至 {as_of}；单位：户·小时；区域预算{method}分解到各供电所）"},
    "split_customers": {"en": "by customers", "zh": "按用户数"},
    "split_history": {"en": "by past customer-hours", "zh": "按往年停电时户数"},
    "split_blend": {"en": "by customers and past customer-hours", "zh": "按用户数与往年停电时户数加权"},
    "by_month_town": {"en": "By month", "zh": "逐月"},
    # rank
    "rank_head": {"en": "{level} accountability {start} .. {end} ({span}) against {last_start} .. {last_end}; "
                        "on {basis}",
                  "zh": "{level}可靠性责任表：{start} 至 {end}（{span}），对比上年同期 {last_start} 至 {last_end}；"
                        "口径：{basis}"},
    "span_ytd": {"en": "year to date", "zh": "年初至今"},
    "span_year": {"en": "the whole year", "zh": "全年"},
    "rank_county": {"en": "County SAIDI {saidi} h = the sum of the contributions; same period last year {last} h",
                    "zh": "全县 SAIDI {saidi} 小时 = 各行贡献之和；上年同期 {last} 小时"},
    "rank_own": {"en": "saidi_h: the unit's customer-hours / its own customers served; contribution_h: its "
                       "customer-hours / the county's customers served",
                 "zh": "自身SAIDI = 本单元停电时户数 ÷ 本单元用户数；对全县贡献 = 本单元停电时户数 ÷ 全县用户数"},
    "rank_contribution": {"en": "contribution_h: the unit's customer-hours / the county's customers served",
                          "zh": "对全县贡献 = 本单元停电时户数 ÷ 全县用户数"},
    # the default a command took when given none (the same as summary's: lqrel.service.default_year)
    "default_year": {"en": "No --year given: {year}, the latest year the data fully cover",
                     "zh": "未指定 --year：取数据完整覆盖的最近一年，{year} 年"},
    "default_as_of": {"en": "No --as-of given: {as_of}, the last day the data cover",
                      "zh": "未指定 --as-of：取数据覆盖的最后一天，{as_of}"},
    "default_period_applications": {"en": "No --period given: {period}, the latest year the application log fully "
                                          "covers",
                                    "zh": "未指定 --period：取业扩申请记录完整覆盖的最近一年，{period} 年"},
    # validate
    "header_line": {"en": "Header on row {row}; columns: {columns}", "zh": "表头在第 {row} 行；字段 ← 表头：{columns}"},
    "header_field": {"en": "{field} <- {header}", "zh": "{field} ← {header}"},
    "dates_read": {"en": "Dates read: {orders}", "zh": "日期读法：{orders}"},
    "rejects_by_reason": {"en": "Rejected rows by reason:", "zh": "拒收行（按原因）："},
    "duplicates_dropped": {"en": "Duplicates dropped (rows): {rows}", "zh": "去掉的重复行：{rows}"},
    "duplicates_copies": {"en": "  exact copies of another row (row dropped → the row kept that it repeats): {rows}",
                          "zh": "  其中与另一行完全相同（去掉的行 → 与之相同而保留的行）：{rows}"},
    "reused_head": {"en": "Ids reused by different outages (ids: {count}; every row kept as an event):",
                    "zh": "被不同停电重复使用的编号（{count} 个；每行各计为一次停电）："},
    "reused_line": {"en": "  {id}: rows {rows}", "zh": "  {id}：第 {rows} 行"},
    "double_head": {"en": "Probable double entries (groups: {count}; {how}):", "zh": "疑似重复录入（{count} 组；{how}）："},
    "double_drop": {"en": "the first of each group kept, double_entries: drop",
                    "zh": "每组保留第一行，double_entries: drop"},
    "double_keep": {"en": "every row counted as the export says, double_entries: keep",
                    "zh": "按导出文件每行都计入，double_entries: keep"},
    "double_line": {"en": "  ids {ids}: rows {rows}, feeder {feeder}, {start} .. {end}, {customers:~customer~customers}{dropped}",
                    "zh": "  编号 {ids}：第 {rows} 行，线路 {feeder}，{start} 至 {end}，停电用户 {customers} 户{dropped}"},
    "double_dropped": {"en": "; dropped rows {rows}", "zh": "；去掉第 {rows} 行"},
    "names_head": {"en": "Names merged (names: {count}; compared without case, width and extra spaces):",
                   "zh": "合并的名称（{count} 个；比较时不计大小写、全半角和多余空格）："},
    "name_line": {"en": "  {column} {name} <- {spellings} ({rows:~row~rows})", "zh": "  {column} {name} ← {spellings}（{rows} 行）"},
    "outside_head": {"en": "Outside the data coverage {first} .. {through} (events: {count}; kept, in no figure):",
                     "zh": "在数据覆盖期 {first} 至 {through} 之外（{count} 条停电；保留，不计入任何指标）："},
    "outside_line": {"en": "  row {row}: {start}, {reason}", "zh": "  第 {row} 行：{start}，{reason}"},
    "outside_gap": {"en": "beyond a run of months without events", "zh": "隔着连续多月无停电"},
    "outside_after_through": {"en": "after the coverage's end", "zh": "晚于覆盖期截止日"},
    "outside_after_due": {"en": "after the scheduled run's data cut-off", "zh": "晚于本期报送的数据截止日"},
    "outside_before_from": {"en": "before the coverage's start", "zh": "早于覆盖期起始日"},
    # report
    "report_built": {"en": "{now} {period} built {path}", "zh": "{now} {period} 已生成 {path}"},
    "report_failed": {"en": "{now} {period} failed: lqrel: error: {error}", "zh": "{now} {period} 失败：lqrel：错误：{error}"},
    # connect
    "connect_head": {"en": "{label} connection time (grid-side working days; an application counts in the period it "
                           "was connected)",
                     "zh": "{label}办电时长（电网环节工作日，按装表接电完成时间归期）"},
    "connect_partial": {"en": "; the period is only partly covered: figures for that part",
                        "zh": "；本期只覆盖了一部分，数字为覆盖部分"},
    "connect_stages_over": {"en": "Stages over their own limit:", "zh": "超过环节时限："},
    "connect_late": {"en": "Late applications: {late} (each counted once, under its first reason: stage missing "
                           "{incomplete}, no works and not connected by the next day {next_day_missed}, total over "
                           "the limit {total_late}, total within but a stage over its own limit {stage_late}"
                           "{over_total}), each with its stages' dates and working days:",
                     "zh": "超时申请 {late} 户（每户只按首要超时原因计一次：缺少环节 {incomplete} 户，无工程未次日接电 "
                           "{next_day_missed} 户，合计超时 {total_late} 户，合计未超但环节超时 {stage_late} 户"
                           "{over_total}），各环节起止日期与工作日数："},
    "connect_over_total": {"en": "; by the total, {over} over the limit, {elsewhere} of them counted under a stage "
                                 "missing or no works",
                           "zh": "；按合计工作日超过时限的共 {over} 户，其中 {elsewhere} 户已计入缺少环节或无工程未次日接电"},
    "connect_late_line": {"en": "  {app} (row {row}, {kind}{town}, connected {connected}): {late_kind}; {stage}; "
                                "missed: {missed}; total {total} of {limit} working days",
                          "zh": "  {app}（第 {row} 行，{kind}{town}，{connected} 接电）{late_kind}；致超时环节：{stage}；"
                                "未达到：{missed}；合计 {total} 个工作日（时限 {limit}）"},
    "connect_late_stages": {"en": "    {stages}", "zh": "    {stages}"},
    "connect_town": {"en": ", {town}", "zh": "，{town}"},
    "connect_by_type": {"en": "Late applications by customer type (each counted once, under its first reason):",
                        "zh": "超时申请按用户类别（每户只按首要超时原因计一次）："},
    "connect_by_town": {"en": "Late applications by town (each counted once, under its first reason):",
                        "zh": "超时申请按供电所（每户只按首要超时原因计一次）："},
    "connect_by_month": {"en": "Late applications by month (each counted once, under its first reason):",
                        "zh": "超时申请按月份（每户只按首要超时原因计一次）："},
    "connect_more": {"en": "(first {shown} of {total}; --show N lists more)",
                     "zh": "（列出前 {shown} 户，共 {total} 户；--show N 列出更多）"},
    "connect_more_short": {"en": "(first {shown} of {total})", "zh": "（列出前 {shown} 户，共 {total} 户）"},
    "connect_incomplete": {"en": "Incomplete applications: {count} (a stage their type requires is not recorded; "
                                 "never counted on time):",
                           "zh": "办电记录不完整 {count} 户（缺少该类用户必经的环节，不计为按时办结）："},
    "connect_incomplete_line": {"en": "  {app} (row {row}, {kind}): missing {stages}",
                                "zh": "  {app}（第 {row} 行，{kind}）缺少环节：{stages}"},
    "connect_next_day": {"en": "Low voltage without works connected after the next {day} day after acceptance: "
                               "{count} (late even within their type's total):",
                         "zh": "无工程低压未在次日（受理后下一{day}）接电 {count} 户，即使在本类合计时限内也计为超时："},
    "connect_next_day_line": {"en": "  {app} (row {row}, {kind}): accepted {accepted}, connected {connected}",
                              "zh": "  {app}（第 {row} 行，{kind}）{accepted} 受理，{connected} 接电"},
    "next_day_calendar": {"en": "calendar", "zh": "自然日"},
    "next_day_working": {"en": "working", "zh": "工作日"},
    "list_joiner": {"en": ", ", "zh": "、"},
    "connect_open": {"en": "In progress at the period's end: {open}, overdue: {overdue}",
                     "zh": "期末在办 {open} 户，其中已超时 {overdue} 户"},
    "connect_summary": {
        "en": "Low voltage without works: {nw}, connected the next day: {next_day}; zero-visit service: {served} of "
              "{eligible} eligible (LV non-residential up to 160 kW); within the stage-count target (HV 4, LV 2): "
              "{within} of {apps}",
        "zh": "无工程低压：{nw} 户，次日接电 {next_day} 户；三零：符合条件（低压非居民、不超过160千瓦）{eligible} 户，"
              "实行三零 {served} 户；办电环节不超过目标（高压4个、低压2个）：{within} / {apps} 户"},
}

#: Table headers: ``col_<column>``; English keeps the column's name (what ``--json`` calls it).
_ZH_COLUMNS = {
    "area": "区域", "month": "月份", "quarter": "季度", "town": "供电所", "feeder": "线路", "cause": "停电原因",
    "nature": "停电性质", "saidi_h": "SAIDI(小时)", "saifi": "SAIFI(次/户)", "caidi_h": "CAIDI(小时)", "asai": "ASAI",
    "saidi_2_h": "SAIDI-2(小时)", "saidi_3_h": "SAIDI-3(小时)", "saidi_s_h": "预安排SAIDI(小时)",
    "saidi_f_h": "故障SAIDI(小时)", "maifi": "MAIFI(次/户)", "customer_hours": "停电时户数", "customer_interruptions":
    "停电户次", "events": "停电次数", "customers_served": "总用户数", "limit_h": "上限(小时)",
    "previous_saidi_h": "参照年SAIDI(小时)", "reference_year": "参照年", "change": "较参照年变化", "meets_limit": "不超上限",
    "meets_reduction": "达到压缩", "met": "达标", "criterion": "达标依据", "limit_margin_h": "距上限(小时)",
    "reduction_margin_h": "距压缩要求(小时)", "ceiling_h": "达标上限(小时)", "ytd_h": "年初至今(小时)",
    "median_h": "中位数(小时)", "mean_h": "均值(小时)", "p10_h": "10%分位(小时)", "p90_h": "90%分位(小时)",
    "p2_5_h": "2.5%分位(小时)", "p97_5_h": "97.5%分位(小时)", "probability_met": "达标概率", "reference_known":
    "参照年已知", "status": "状态", "budget_ch": "当月预算", "budget_planned_ch": "其中预安排", "budget_fault_ch": "其中故障",
    "actual_ch": "当月实际", "actual_planned_ch": "实际预安排", "actual_fault_ch": "实际故障", "annual_budget_ch":
    "全年预算", "cumulative_budget_ch": "累计预算", "cumulative_actual_ch": "累计实际", "remaining_ch": "剩余额度",
    "unit": "单元", "level": "级别", "rules": "触发规则", "interruptions": "停电次数", "dates": "停电日期",
    "date": "日期", "saidi_min": "当日SAIDI(分钟)", "t_med_min": "T_MED(分钟)", "history_years": "历史年数",
    "computed": "按统计判定", "listed": "人工列出", "major": "重大事件日", "year": "年份", "as_of": "预测起点",
    "actual_h": "实际(小时)", "in80": "在80%区间内", "in95": "在95%区间内", "abs_error_h": "绝对误差(小时)",
    "cases": "次数", "coverage_80": "80%区间覆盖率", "coverage_95": "95%区间覆盖率", "below_p10": "低于10%分位",
    "above_p90": "高于90%分位", "mae_h": "平均绝对误差(小时)", "row": "行号", "column": "列", "value": "取值",
    "reason": "原因", "message": "说明", "customers": "停电用户数", "hours": "停电时长(小时)",
    "added_ch": "增加时户数", "added_saidi_h": "增加SAIDI(小时)", "status_after": "计划后状态", "median_before_h":
    "计划前中位数(小时)", "median_after_h": "计划后中位数(小时)", "probability_before": "计划前达标概率",
    "probability_after": "计划后达标概率",
    "contribution_h": "对全县贡献(小时)", "last_year_customer_hours": "上年同期停电时户数",
    "last_year_saidi_h": "上年同期自身SAIDI(小时)", "last_year_contribution_h": "上年同期贡献(小时)",
    "change_yoy": "自身SAIDI同比", "change_h": "贡献变化(小时)", "remaining_before_ch": "本所计划前剩余",
    "remaining_after_ch": "本所计划后剩余", "planned_left_before_ch": "本所计划前预安排余额",
    "planned_left_after_ch": "本所计划后预安排余额", "area_remaining_before_ch": "区域计划前剩余额度",
    "area_remaining_after_ch": "区域计划后剩余额度", "own_saidi_ytd_h": "本所年初至今自身SAIDI(小时)",
    "own_saidi_with_plan_h": "加计划后本所自身SAIDI(小时)", "budget_to_date_ch": "截至统计日预算", "used_ch": "已用",
    "used_planned_ch": "已用预安排", "used_fault_ch": "已用故障", "planned_allowance_left_ch": "预安排余额",
    "saidi_contribution_h": "对本区域SAIDI的贡献(小时)", "town_saidi_h": "本所自身SAIDI(小时)", "own_saidi_h": "自身SAIDI(小时)", "own_customers_served": "本单元用户数",
    "town_customers_served": "本所用户数", "area_customers_served": "本区域用户数", "used_share": "已用比例", "town_budget_ch": "本所分得全年预算", "town_used_ch": "本所已用", "weight": "分解权重", "annual_planned_ch": "全年预安排预算",
}
COLUMNS: dict[str, dict[str, str]] = {f"col_{name}": {"en": name, "zh": zh} for name, zh in _ZH_COLUMNS.items()}

#: The outage log's fields (the canonical columns of ``columns:`` and ``--map``) by name: the identifier in
#: English, as the settings write it, a word in Chinese (``lqrel validate``'s header line).
_ZH_FIELDS = {
    "event_id": "事件编号", "start": "开始时间", "start_date": "开始日期", "start_time": "开始时刻", "end": "结束时间",
    "end_date": "结束日期", "end_time": "结束时刻", "duration_min": "停电时长(分钟)", "duration_h": "停电时长(小时)",
    "duration": "停电时长", "customers": "停电用户数", "area": "区域", "town": "供电所", "feeder": "线路",
    "cause": "停电原因", "nature": "停电性质", "external": "内部/外部", "shortage": "系统电源不足限电",
}
#: The customers file's and the application log's fields (``customers_columns:``, ``applications_columns:``), keyed
#: ``field_customers.NAME`` and ``field_applications.NAME`` (``lqrel inspect``): the same identifier may name another
#: thing in another file (``customers``: served here, interrupted in the outage log).
_ZH_CUSTOMER_FIELDS = {"area": "区域", "month": "月份", "year": "年份", "customers": "用户数", "town": "供电所"}
_ZH_STAGES = {"acceptance": "业务受理", "scheme": "供电方案答复", "design_review": "设计审查", "mid_inspection": "中间检查",
              "completion_inspection": "竣工检验", "connection": "装表接电"}
_ZH_APPLICATION_FIELDS = {
    "app_id": "申请编号", "customer_type": "用户类别", "works": "有无工程", "capacity_kw": "报装容量(千瓦)",
    "online": "线上申请", "site_visits": "上门次数", "grid_invested": "电网投资到表", "approval": "行政审批",
    "town": "供电所", "customer_cost_yuan": "客户投资(元)", "stage": "环节", "start": "环节开始时间",
    "end": "环节完成时间",
    **{f"{stage}_{side}": name + word for stage, name in _ZH_STAGES.items()
       for side, word in (("start", "开始时间"), ("end", "完成时间"))},
}
FIELDS: dict[str, dict[str, str]] = {
    **{f"field_{name}": {"en": name, "zh": zh} for name, zh in _ZH_FIELDS.items()},
    **{f"field_customers.{name}": {"en": name, "zh": zh} for name, zh in _ZH_CUSTOMER_FIELDS.items()},
    **{f"field_applications.{name}": {"en": name, "zh": zh} for name, zh in _ZH_APPLICATION_FIELDS.items()},
}

#: Settings' values in words.
WORDS: dict[str, dict[str, str]] = {
    "standard_dlt836": {"en": "dlt836", "zh": "DL/T 836"},
    "standard_ieee1366": {"en": "ieee1366", "zh": "IEEE 1366"},
    "boundary_split": {"en": "split", "zh": "按期内时长拆分"},
    "boundary_start": {"en": "start", "zh": "按开始时间归期"},
    "basis_time_weighted": {"en": "time_weighted", "zh": "按时间加权（等效总用户数）"},
    "basis_average": {"en": "average", "zh": "取平均"},
    "basis_end": {"en": "end", "zh": "取期末"},
    "level_feeder": {"en": "feeder", "zh": "线路"},
    "level_town": {"en": "town", "zh": "供电所"},
    "level_transformer": {"en": "transformer", "zh": "配变"},
    "level_customer": {"en": "customer", "zh": "用户"},
    "order_ymd": {"en": "ymd", "zh": "年月日"},
    "order_dmy": {"en": "dmy", "zh": "日月年"},
    "order_mdy": {"en": "mdy", "zh": "月日年"},
    "rule": {"en": "{op} {count}{kind} {span}", "zh": "{span}{kind}{op}{count}次"},
    "rule_op_gt": {"en": ">", "zh": "超过"},
    "rule_op_ge": {"en": ">=", "zh": "达到"},
    "rule_op_eq": {"en": "==", "zh": "恰好"},
    "rule_op_le": {"en": "<=", "zh": "不超过"},
    "rule_op_lt": {"en": "<", "zh": "少于"},
    "rule_kind_planned": {"en": " planned", "zh": "预安排"},
    "rule_kind_fault": {"en": " fault", "zh": "故障"},
    "rule_kind_all": {"en": "", "zh": ""},
    "rule_year": {"en": "in the year", "zh": "一年内"},
    "rule_rolling": {"en": "in any {days:~day~days}", "zh": "任意{days}天内"},
    "rule_recent": {"en": "in the last {days:~day~days}", "zh": "近{days}天"},
    "yes": {"en": "True", "zh": "是"},
    "no": {"en": "False", "zh": "否"},
    "met_yes": {"en": "True", "zh": "达标"},
    "met_no": {"en": "False", "zh": "未达标"},
    "met_unknown": {"en": "cannot be judged", "zh": "无法判定"},
}

CLI: dict[str, dict[str, str]] = {**LINES, **COLUMNS, **FIELDS, **WORDS, **HELP}
