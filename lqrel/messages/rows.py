"""What lqrel says about rows and results (a family of the catalogue, :mod:`lqrel.messages`).

Program logic and tests work on codes (``("end_before_start", {})``, ``("duration_over_max", {"max_h": 720})``);
a sentence is only for people. :func:`text` renders a code in ``zh`` (the county's readers) or ``en``. Every code
has both, which a test checks, so no untranslated message can reach a Chinese report.

Three families: ``REJECTS`` (why an input row was rejected), ``WARNINGS`` (a row accepted with a remark) and
``NOTES`` (remarks on a result: a reference year not covered, customers carried forward).
"""

from __future__ import annotations

#: Reasons a row is rejected: code -> {lang: template}. ``{column}`` is the source header.
REJECTS: dict[str, dict[str, str]] = {
    "blank_row": {"en": "blank row", "zh": "空行"},
    "too_many_cells": {"en": "row has more cells than the header", "zh": "单元格多于表头"},
    "unsaved_formula": {"en": "formula without a saved value (open the file in Excel and save it)",
                        "zh": "公式没有保存的计算结果（请在 Excel 中打开并保存该文件）"},
    "start_missing": {"en": "missing start", "zh": "缺少停电开始时间"},
    "start_unparseable": {"en": "unparseable start", "zh": "停电开始时间无法识别"},
    "start_partial": {"en": "start has no full date (time only, no year, or relative)",
                      "zh": "停电开始时间缺少完整日期（只有时刻、没有年份或为相对时间），不按当前日期补全"},
    "end_unparseable": {"en": "unparseable end", "zh": "停电结束时间无法识别"},
    "end_partial": {"en": "end has no full date (time only, no year, or relative)",
                    "zh": "停电结束时间缺少完整日期（只有时刻、没有年份或为相对时间），不按当前日期补全"},
    "duration_non_numeric": {"en": "non-numeric {column}", "zh": "停电时长（{column}）不是数字"},
    "duration_negative": {"en": "negative {column}", "zh": "停电时长（{column}）为负数"},
    "duration_over_ten_years": {"en": "{column} over ten years", "zh": "停电时长（{column}）超过十年"},
    "end_and_duration_missing": {"en": "missing both end and duration", "zh": "缺少停电结束时间和停电时长"},
    "end_before_start": {"en": "end before start", "zh": "结束时间早于开始时间"},
    "date_too_early": {"en": "{column} before 1990-01-01 (a typo?)", "zh": "{column}早于 1990-01-01（疑为录入错误）"},
    "date_in_future": {"en": "{column} after the day of the run ({today})", "zh": "{column}晚于运行当天（{today}）"},
    "duration_over_max": {"en": "duration over max_duration_h ({max_h:g} h)",
                          "zh": "停电时长超过上限 max_duration_h（{max_h:g} 小时）"},
    "customers_missing": {"en": "missing customers", "zh": "缺少停电用户数"},
    "customers_non_numeric": {"en": "non-numeric customers", "zh": "停电用户数不是数字"},
    "customers_negative": {"en": "negative customers", "zh": "停电用户数为负数"},
    "customers_fractional": {"en": "customers not a whole number", "zh": "停电用户数不是整数"},
    "customers_too_large": {"en": "customers too large (above 2^53, not exact)",
                            "zh": "停电用户数过大（超过 2^53，无法精确计数）"},
    "area_missing": {"en": "missing area", "zh": "缺少地区特征"},
    "area_unknown": {"en": "unknown area value (expected 城镇/农村, urban/rural)", "zh": "地区特征无法识别（应为 城镇/农村）"},
    "area_column_missing": {"en": "missing {column}", "zh": "缺少{column}（用于判断城镇/农村）"},
    "area_not_listed": {"en": "{column} not listed under areas (urban or rural)",
                        "zh": "{column} 未列入 params.yaml 的 areas 城镇/农村名单"},
    "nature_unknown": {"en": "unknown nature value", "zh": "停电性质无法识别"},
    # application logs (业扩报装)
    "app_id_missing": {"en": "missing application id", "zh": "缺少申请编号"},
    "customer_type_missing": {"en": "missing customer type", "zh": "缺少用户类别"},
    "customer_type_unknown": {"en": "unknown customer type (expected one of the seven types of the action plan's annex 2)",
                              "zh": "用户类别无法识别（应为附件2的七类用户之一）"},
    "works_unknown": {"en": "unknown works value (expected yes/no)",
                      "zh": "有无工程无法识别（应为 有工程/无工程）"},
    "capacity_non_numeric": {"en": "non-numeric capacity", "zh": "报装容量不是数字"},
    "capacity_negative": {"en": "negative capacity", "zh": "报装容量为负数"},
    "stage_missing": {"en": "missing stage", "zh": "缺少环节名称"},
    "stage_unknown": {"en": "unknown stage (expected a stage of the action plan's annex 2)", "zh": "环节名称无法识别（应为附件2的环节）"},
    "stage_time_partial": {"en": "{column} has no full date (time only, no year, or relative)",
                           "zh": "{column}缺少完整日期（只有时刻、没有年份或为相对时间），不按当前日期补全"},
    "stage_time_unparseable": {"en": "unparseable {column}", "zh": "{column}无法识别"},
    "stage_not_of_type": {"en": "{column}: a stage this customer type does not have",
                          "zh": "{column}：该用户类别没有这个环节"},
    "stage_end_without_start": {"en": "{column} without the stage's start", "zh": "有{column}但没有该环节的开始时间"},
    "stage_end_before_start": {"en": "{column} before the stage's start", "zh": "{column}早于该环节的开始时间"},
    "acceptance_missing": {"en": "missing acceptance (the application's first stage)",
                           "zh": "缺少业务受理（受理签约）开始时间"},
    "stage_open_after_connection": {"en": "connected, but a stage has no end ({column})",
                                    "zh": "已装表接电，但有环节没有完成时间（{column}）"},
    "connected_before_accepted": {"en": "{column} before the application was accepted (connected before the "
                                        "acceptance's start)",
                                  "zh": "{column}早于业务受理开始时间（接电在受理之前）"},
    "application_row_rejected": {"en": "row {first} of the same application was rejected; the application is left "
                                       "out whole",
                                 "zh": "同一申请的第 {first} 行无效，整个申请不计入"},
    "application_conflict": {"en": "the application's rows disagree on {column}", "zh": "同一申请的各行{column}不一致"},
    "flag_unknown": {"en": "unknown {column} value (expected yes/no, 是/否, 外部/内部)",
                     "zh": "{column} 取值无法识别（应为 是/否、外部/内部）"},
    "count_bad": {"en": "{column} is not a number of zero or more", "zh": "{column} 不是大于等于 0 的数字"},
}

#: Remarks on accepted rows.
WARNINGS: dict[str, dict[str, str]] = {
    "end_duration_disagree": {"en": "end - start differs from {column} by {minutes:.0f} min (the end is used)",
                              "zh": "结束减开始与{column}相差 {minutes:.0f} 分钟（以结束时间为准）"},
    "dst_resolved": {"en": "local time ambiguous or missing at a daylight-saving change; resolved",
                     "zh": "夏令时切换处的本地时间有歧义或不存在，已按规则处理"},
    "duration_over_warn": {"en": "duration {hours:.1f} h is over {limit:g} h",
                           "zh": "停电时长 {hours:.1f} 小时，超过 {limit:g} 小时"},
    "end_completed": {"en": "end completed from its start: {end}", "zh": "按本行开始时间补全结束时间：{end}"},
    "id_reused": {"en": "event id {id} names different outages (rows {rows}): each kept as an event",
                  "zh": "停电编号 {id} 用于不同的停电（第 {rows} 行），各计为一次停电"},
    "double_entry": {"en": "probable double entry: rows {rows} (ids {ids}) have the same feeder, start, end and "
                           "customers",
                     "zh": "疑似重复录入：第 {rows} 行（编号 {ids}）的线路、开始时间、结束时间和停电用户数都相同"},
    "name_merged": {"en": "one of {count} spellings in {column}: read as '{name}'",
                    "zh": "{column}的 {count} 种写法之一，按“{name}”计"},
    "outside_coverage": {"en": "starts outside the data coverage {from} .. {through} (after its declared end or "
                               "before its declared start): kept, in no figure",
                         "zh": "开始时间在数据覆盖期 {from} 至 {through} 之外（晚于声明的截止日或早于声明的起始日）：保留，不计入任何指标"},
    "outside_coverage_due": {"en": "starts after the scheduled run's data cut-off {due} (data coverage {from} .. "
                                   "{through}): kept, in no figure",
                             "zh": "开始时间晚于本期报送的数据截止日 {due}（数据覆盖期 {from} 至 {through}）：保留，不计入任何指标"},
    "outside_coverage_gap": {"en": "starts outside the inferred data coverage {from} .. {through}, beyond a run of "
                                   "months without events (coverage_gap_months): kept, in no figure",
                             "zh": "开始时间在推断的数据覆盖期 {from} 至 {through} 之外，中间隔着连续多月无停电"
                                   "（coverage_gap_months）：保留，不计入任何指标"},
    "customers_above_served": {"en": "more customers than the {area} area serves ({served:,.0f})",
                               "zh": "停电用户数超过{area}地区总用户数（{served:,.0f}）"},
}

#: Remarks on a result.
NOTES: dict[str, dict[str, str]] = {
    "reference_not_covered": {
        "en": "reference year {year} is not fully covered by the data (coverage {from} .. {through}): the "
              "reduction criterion is unknown",
        "zh": "参照年 {year} 的数据不完整（数据覆盖期 {from} 至 {through}）：压缩一项无法判断"},
    "no_outage_in_year": {
        "en": "no sustained outage started in {area} {year}: SAIDI {saidi_h:.2f} h (hours of outages crossing into "
              "the year only)",
        "zh": "{area}地区 {year} 年没有开始的持续停电：SAIDI 为 {saidi_h:.2f} 小时（只计跨年进入的停电）"},
    "customers_carried": {
        "en": "customers served of {area} {month} taken from {source} (after the data coverage)",
        "zh": "{area}地区 {month} 的总用户数取自 {source}（数据覆盖期之后，按最后已知月份计）"},
    "duplicate_copies": {
        "en": "{count:~row repeats~rows repeat} another row of the log exactly: dropped, the outage counted once; row "
              "dropped → the row kept that it repeats: {listed} (file {file})",
        "zh": "停电记录中有 {count} 行与另一行完全相同，已去掉，该次停电只计一次；去掉的行 → 与之相同而保留的行：{listed}"
              "（文件 {file}）"},
    "duplicate_copies_files": {
        "en": "{count:~row repeats~rows repeat} another row of its file exactly: dropped, the outage counted once; "
              "row dropped → the row kept that it repeats: {listed}",
        "zh": "停电记录中有 {count} 行与同一文件中另一行完全相同，已去掉，该次停电只计一次；去掉的行 → 与之相同而保留的行："
              "{listed}"},
    "double_entries": {
        "en": "{count:~probable double entry~probable double entries} (different ids with the same feeder, start, end and customers): "
              "{listed}; rows dropped by the setting double_entries: {dropped}",
        "zh": "疑似重复录入 {count} 组（编号不同，线路、开始时间、结束时间和停电用户数相同）：{listed}；"
              "按设置 double_entries 去掉 {dropped} 行"},
    "name_merges": {
        "en": "{count:~name~names} written in more than one way, each counted as one: {listed}",
        "zh": "{count} 个名称有多种写法，已按同一名称统计：{listed}"},
    "reused_ids": {
        "en": "{count:~event id~event ids} used by different outages, every row counted as an event: {listed}",
        "zh": "{count} 个停电编号被不同的停电重复使用，每行各计为一次停电：{listed}"},
    "rejected_rows": {
        "en": "{count} of the log's {read:~row~rows} read ({share:.1%}) rejected, in no figure: rows {listed} "
              "(lqrel validate gives each reason)",
        "zh": "停电记录读入 {read} 行，其中 {count} 行（{share:.1%}）被拒收，不计入任何指标：第 {listed} 行"
              "（lqrel validate 列出每行原因）"},
    "outside_coverage": {
        "en": "{count:~event~events} starting outside the data coverage {from} .. {through} (after a declared end, before a "
              "declared start, or beyond a run of months without events), in no figure: rows {listed}",
        "zh": "{count} 条停电的开始时间在数据覆盖期 {from} 至 {through} 之外（晚于声明的截止日、早于声明的起始日，"
              "或隔着连续多月无停电），不计入任何指标：行号 {listed}"},
    "outside_coverage_due": {
        "en": "{count:~event~events} starting after the scheduled run's data cut-off {due} (data coverage {from} .. "
              "{through}), in no figure: rows {listed}",
        "zh": "{count} 条停电的开始时间晚于本期报送的数据截止日 {due}（数据覆盖期 {from} 至 {through}），不计入任何指标："
              "行号 {listed}"},
    "no_year_to_date": {
        "en": "the data begin on {from}, after 1 January {year}: no year-end projection",
        "zh": "数据从 {from} 开始，不含 {year} 年年初：不做全年预测"},
    "baseline_not_before": {
        "en": "the baseline year {year} is not before {judged}: the reduction criterion is unknown",
        "zh": "基准年 {year} 年不早于 {judged} 年：压缩一项无法判断"},
    "med_threshold": {
        "en": "major event days {year}: threshold T_MED = {t_med:.2f} min, from the five years before",
        "zh": "{year} 年重大事件日阈值 T_MED = {t_med:.2f} 分钟，依据以往五年的历史数据"},
    "med_short_history": {
        "en": "major event days {year}: threshold T_MED = {t_med:.2f} min rests on only {years:g~year~years} of history "
              "(fewer than five)",
        "zh": "{year} 年重大事件日阈值 T_MED = {t_med:.2f} 分钟，只依据 {years:g} 年的历史数据（不足五年）"},
    "med_no_history": {
        "en": "major event days {year}: no history before {year}, so no threshold T_MED and no major event day: "
              "the figures without major event days equal the all-data figures",
        "zh": "{year} 年之前没有历史数据，没有重大事件日阈值 T_MED，也没有重大事件日：剔除重大事件日后的数字与全量数字相同"},
    "med_no_history_listed": {
        "en": "major event days {year}: no history before {year}, so no threshold T_MED: only the days listed in "
              "the settings are removed from the figures without major event days",
        "zh": "{year} 年之前没有历史数据，没有重大事件日阈值 T_MED：剔除的只是设置中列出的日期"},
    "med_no_threshold": {
        "en": "major event days {year}: {years:g~year~years} of history: fewer than two days with outages, so no "
              "threshold T_MED and no major event day: the figures without major event days equal the "
              "all-data figures",
        "zh": "{year} 年之前 {years:g} 年的历史数据中有停电的日子不足两天，无法计算重大事件日阈值 T_MED，也没有重大事件日："
              "剔除重大事件日后的数字与全量数字相同"},
    "med_no_threshold_listed": {
        "en": "major event days {year}: {years:g~year~years} of history: fewer than two days with outages, so no "
              "threshold T_MED: only the days listed in the settings are removed from the figures without major "
              "event days",
        "zh": "{year} 年之前 {years:g} 年的历史数据中有停电的日子不足两天，无法计算重大事件日阈值 T_MED：剔除的只是设置中列出的日期"},
    "feeder_customers_unknown": {
        "en": "a feeder's own SAIDI is not shown: the customers file counts users per area and town, not per "
              "feeder, so a feeder's customers served are unknown (its contribution to the county's SAIDI is shown)",
        "zh": "不给出线路自身的用户平均停电时间：用户数文件只按区域和供电所统计用户数，没有各线路的用户数"
              "（表中给出线路对全县 SAIDI 的贡献）"},
    "town_customers_missing": {
        "en": "the customers file does not count {name} in every month from {from} to {through}: its own SAIDI "
              "there is left empty",
        "zh": "用户数文件没有 {name} 在 {from} 至 {through} 每个月的用户数：该所这一期间自身的用户平均停电时间留空"},
    "towns_without_customers": {
        "en": "the customers file has no town column: a town's own SAIDI is not shown, only its contribution",
        "zh": "用户数文件没有供电所列：不给出各供电所自身的用户平均停电时间，只给出其对全县的贡献"},
    "group_rows_contribution": {
        "en": "grouped by town, feeder, cause or nature, a row's SAIDI, SAIFI and the other indices are the group's "
              "contribution to its area's (the group's customer-hours or interruptions / the area's customers "
              "served; the rows add up to the area's figure), not the group's own indices",
        "zh": "按供电所、线路、停电原因或停电性质分组时，各行的 SAIDI、SAIFI 等指标是该组对所在区域指标的贡献"
              "（该组停电时户数或停电户次 ÷ 区域总用户数，各行相加等于区域指标），不是该组自身的指标"},
    "town_own_saidi_unknown": {
        "en": "the customers file has no town column: a town's own SAIDI (its customer-hours / its own customers "
              "served) is not shown, only its contribution",
        "zh": "用户数文件没有供电所列：不给出各供电所自身的用户平均停电时间（本所停电时户数 ÷ 本所用户数），只给出其贡献"},
    "actuals_through": {
        "en": "actuals only through {through}, the end of the data coverage, not through {as_of}: the months after "
              "are left empty, not counted as zero",
        "zh": "实际数据只到 {through}（数据覆盖期结束），未到 {as_of}：其后月份的实际留空，不按零计"},
    "actuals_none": {
        "en": "no actuals: the data cover {from} .. {through}, nothing of {year} up to {as_of}",
        "zh": "没有实际数据：数据覆盖期为 {from} 至 {through}，不含 {year} 年截至 {as_of} 的任何日子"},
    "last_year_not_covered": {
        "en": "the data cover {from} .. {through}, not the same period of {year}: no comparison with last year",
        "zh": "数据覆盖期为 {from} 至 {through}，不含 {year} 年同期：不与上年同期比较"},
    "town_split_no_history": {
        "en": "{area}: no customer-hours in the fully covered years among the {years} before: its budget is split "
              "between towns by customers alone",
        "zh": "{area}地区之前 {years} 年中没有数据完整年份的停电时户数：该区域预算只按用户数分解到各供电所"},
}
