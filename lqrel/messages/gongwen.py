"""The words of the Word 报送材料 (docs/spec.md §12): its title, 主送, headings, the sentences drafted from the data
for 存在问题 and 下一步工作, the 三零/三省 section and the appendix on data and method. Figures of the target rule
never appear here: they come from :mod:`lqrel.rule_text`."""

from __future__ import annotations

from lqrel.messages.feeders import FEEDERS_GONGWEN

GONGWEN: dict[str, dict[str, str]] = {
    # "|": where the title may go to its next line (a line never splits a word, GB/T 9704 7.3.1)
    "title": {"zh": "{organization}|关于{period}供电可靠性|和办电服务工作情况的报告",
              "en": "{organization}: report on power-supply reliability and connection services, {period}"},
    "recipient": {"zh": "{recipient}：", "en": "To: {recipient}"},
    "opening": {"zh": "按照县“获得电力”三年行动计划信息报送要求，现将{period}供电可靠性和办电服务工作情况报告如下。",
                "en": "As the county's action plan on access to electricity asks, this reports on power-supply "
                      "reliability and connection services in {period}."},
    "as_of": {"zh": "本期数据截至{date}，全年情况为按已有数据作出的预测。",
              "en": "The data run to {date}; the year's figures are a projection from them."},
    "review": {"zh": "【请核实：本节依据统计数据起草，请核对、补充后删除此提示。】",
               "en": "[To check: drafted from the data; check, complete and delete this note.]"},
    "s_overall": {"zh": "总体情况", "en": "Overview"},
    "s_targets": {"zh": "任务指标完成情况", "en": "Targets"},
    "s_targets_saidi": {"zh": "供电可靠性指标", "en": "Reliability"},
    "s_targets_connection": {"zh": "办电时长指标", "en": "Connection time"},
    "s_benefits": {"zh": "“三零”“三省”服务成效", "en": "The zero-visit and time- and cost-saving services"},
    "s_causes": {"zh": "停电原因与重点供电所、线路", "en": "Causes, towns and feeders"},
    "towns_ytd": {"zh": "年初至今（{start}至{end}），按各所自身用户数计算，用户平均停电时间最长的供电所是{worst}（{saidi:.2f} 小时）；"
                        "对全县用户平均停电时间贡献最大的是{top}（{contribution:.2f} 小时），各所贡献合计为全县的 {county:.2f} 小时。",
                  "en": "Year to date ({start} to {end}), counted over each town's own users, the longest average outage "
                        "time is {worst}'s ({saidi:.2f} h); the largest contribution to the county's is {top}'s "
                        "({contribution:.2f} h), the towns' contributions adding up to the county's {county:.2f} h."},
    "towns_budget": {"zh": "全年停电时户数预算已用比例最高的供电所是{town}（已用 {share}，剩余 {left:,.0f} 户·小时）。",
                     "en": "The town that has used the largest share of its year's outage-hour budget is {town} ({share} "
                           "used, {left:,.0f} customer-hours left)."},
    "towns_over": {"zh": "已超出全年预算的供电所：{towns}。", "en": "Towns over their year's budget: {towns}."},
    "s_events": {"zh": "重大事件日与频繁停电", "en": "Major event days and frequent outages"},
    "s_benchmark": {"zh": "与同类地区对比", "en": "Comparison with peers"},
    "s_problems": {"zh": "存在问题", "en": "Problems"},
    "s_next": {"zh": "下一步工作", "en": "Next steps"},
    "overall": {"zh": "{period}，全县用户平均停电时间 {saidi:.2f} 小时，平均供电可靠率 {asai}，停电时户数 {ch:,.0f} "
                      "户·小时，停电户次 {ci:,.0f}，持续停电 {events:,} 起；其中预安排停电 {s:.2f} 小时、故障停电 "
                      "{f:.2f} 小时。",
                "en": "In {period} the county's average outage time per customer was {saidi:.2f} h, availability "
                      "{asai}, {ch:,.0f} customer-hours, {ci:,.0f} customer interruptions and {events:,} sustained "
                      "events; planned outages {s:.2f} h, faults {f:.2f} h."},
    "overall_excl": {"zh": "剔除重大事件日后，全县用户平均停电时间 {saidi:.2f} 小时。",
                     "en": " Without major event days the county's average was {saidi:.2f} h."},
    "basis": {"zh": "目标按{basis}判定。", "en": "Targets are judged on {basis}."},
    "rule": {"zh": "目标规则：{rule}。", "en": " Target rule: {rule}."},
    "causes": {"zh": "停电时户数最多的停电原因依次为{causes}。", "en": "The causes with the most customer-hours: {causes}."},
    "cause_item": {"zh": "{cause}（占 {share:.1f}%）", "en": "{cause} ({share:.1f}%)"},
    "group_item": {"zh": "{name}（{ch:,.0f} 户·小时）", "en": "{name} ({ch:,.0f} customer-hours)"},
    "med_none": {"zh": "本期没有重大事件日。", "en": "No major event day in this period."},
    "med": {"zh": "本期有 {n} 个重大事件日：{days}。剔除这些日子开始的停电后，全县用户平均停电时间为 {saidi:.2f} 小时。",
            "en": "{n} major event days: {days}. Without the outages that began on them, the county's average "
                  "outage time was {saidi:.2f} h."},
    "med_item": {"zh": "{date}（当日 {saidi:.2f} 分钟，阈值 {t:.2f} 分钟）",
                 "en": "{date} ({saidi:.2f} min that day, threshold {t:.2f} min)"},
    "frequent_none": {"zh": "没有线路触发频繁停电或预警规则。", "en": "No feeder hit a frequent-outage or warning rule."},
    "frequent": {"zh": "频繁停电线路 {n} 条：{frequent}；预警线路 {m} 条。",
                 "en": "{n:~feeder~feeders} with frequent outages: {frequent}; {m} on warning."},
    "towns": {"zh": "停电时户数最多的供电所依次为{towns}；线路依次为{feeders}。",
              "en": "Towns with the most customer-hours: {towns}; feeders: {feeders}."},
    "benefits_intro": {"zh": "{period}装表接电 {n} 户。", "en": "Connected in {period}: {n:~application~applications}."},
    "benefit_line": {"zh": "{name}：{k} 户，占 {share}。", "en": "{name}: {k} ({share})."},
    "benefit_missing": {"zh": "{name}：办电记录中没有“{column}”一列，暂无法统计；在导出的办电记录中增加该列即可统计。",
                        "en": "{name}: the application log has no “{column}” column; adding it to the export "
                              "would give this figure."},
    "saved_time": {"zh": "省时：电网环节平均用时比时限少 {mean:.1f} 个工作日，合计节省 {total:,.0f} 个工作日。",
                   "en": "Time saved: grid-side work took {mean:.1f} working days less than the limit on average, "
                         "{total:,.0f} working days in all."},
    "saved_effort": {"zh": "省力：线上申请 {k} 户，占 {share}；客户平均上门 {visits:.2f} 次。",
                     "en": "Effort saved: {k} online applications ({share}); {visits:.2f} site visits a customer "
                           "on average."},
    "saved_money": {"zh": "省钱：客户零投资接电 {k} 户，占 {share}；其余 {paid} 户客户自行投资，平均每户 {cost:,.0f} 元。",
                    "en": "Money saved: {k:~customer~customers} connected at no cost of their own ({share}); the other "
                          "{paid} paid {cost:,.0f} yuan each on average."},
    "saved_money_all": {"zh": "省钱：客户零投资接电 {k} 户，占 {share}，没有客户自行投资。",
                        "en": "Money saved: {k:~customer~customers} connected at no cost of their own ({share}); no "
                              "customer paid."},
    "b_zero_visit": {"zh": "零上门", "en": "No site visit"},
    "b_zero_approval": {"zh": "零审批", "en": "No approval"},
    "b_zero_investment": {"zh": "零投资", "en": "No investment"},
    "b_online": {"zh": "线上申请", "en": "Online"},
    "b_zero_cost": {"zh": "客户零投资", "en": "No customer cost"},
    "col_site_visits": {"zh": "上门次数", "en": "site visits"},
    "col_approval": {"zh": "行政审批（是/否）", "en": "administrative approval (yes/no)"},
    "col_grid_invested": {"zh": "电网投资到表（是/否）", "en": "grid invested up to the meter (yes/no)"},
    "col_online": {"zh": "线上申请（是/否）", "en": "online application (yes/no)"},
    "col_customer_cost_yuan": {"zh": "客户投资（元）", "en": "customer's cost (yuan)"},
    "h_type": {"zh": "用户类别", "en": "Customer type"},
    "h_applications": {"zh": "接电（户）", "en": "Connected"},
    "h_share": {"zh": "{name}（%）", "en": "{name} (%)"},
    "h_saved": {"zh": "平均节省（工作日）", "en": "Mean saved (working days)"},
    "all_types": {"zh": "合计", "en": "All"},
    "p_area": {"zh": "{area}{status}（{detail}），全年目标完成存在压力。",
               "en": "{area}: {status} ({detail}); the year's target is under pressure."},
    "p_cause": {"zh": "{cause}造成的停电时户数占 {share:.1f}%，是停电的首要原因。",
                "en": "{cause} caused {share:.1f}% of the customer-hours, the leading cause."},
    "p_causes": {"zh": "{causes}是停电的主要原因，合计占停电时户数的 {share:.1f}%。",
                 "en": "{causes} caused {share:.1f}% of the customer-hours between them."},
    "p_feeders": {"zh": "停电时户数集中在少数线路：{feeders}合计占全县的 {share:.1f}%。",
                  "en": "Customer-hours concentrate on a few feeders: {feeders}, {share:.1f}% of the county's."},
    "p_frequent": {"zh": "有 {n} 条线路频繁停电（{names}），群众感受明显。",
                   "en": "Frequent outages on {n:~feeder~feeders} ({names})."},
    "p_planned": {"zh": "预安排停电占用户平均停电时间的 {share:.1f}%，计划停电管控仍有压缩空间。",
                  "en": "Planned outages made {share:.1f}% of the average outage time: room to cut them."},
    "p_connection": {"zh": "{kind}办电按时办结率为 {share}，{late} 户超过时限。",
                     "en": "{kind}: {share} of the applications on time, {late} late."},
    "p_stage": {"zh": "{kind}的{stage}环节有 {count} 户超过该环节时限，是办电提速的主要堵点。",
                "en": "{count} {kind} applications overran the {stage} stage's own limit: the main bottleneck."},
    "p_none": {"zh": "本期各项指标运行平稳，未发现突出问题。",
               "en": "The figures of the period show no pressing problem."},
    "n_area": {"zh": "强化{area}停电时户数预算管控，按月跟踪用户平均停电时间，确保全年目标完成。",
               "en": "Budget the customer-hours of {area} month by month to keep the year's target."},
    "town_in_area": {"zh": "{town}（{area}）", "en": "{town} ({area})"},
    "p_area_missed": {"zh": "{area}未完成全年目标（{detail}）。",
                      "en": "{area}: the year's target was not met ({detail})."},
    "p_area_open": {"zh": "{area}{year}年用户平均停电时间 {saidi}，高于{limit}的目标上限；{why}，{reduction_unknown}，"
                          "是否达标暂不能判定。",
                    "en": "{area}: {saidi} in {year}, above the {limit} limit; {why}, so {reduction_unknown}: no "
                          "verdict yet."},
    "n_area_open": {"zh": "查找{area}超过目标上限的原因，强化停电时户数预算管控；补齐{ref_year}年停电数据后判定是否达标。",
                    "en": "Find why {area} is above the limit and budget its customer-hours; complete the outage data "
                          "of {ref_year} to judge the target."},
    "n_area_open_baseline": {"zh": "查找{area}超过目标上限的原因，强化停电时户数预算管控；核对基准年{ref_year}年的设置后判定"
                                   "是否达标。",
                             "en": "Find why {area} is above the limit and budget its customer-hours; check the "
                                   "baseline year {ref_year} in the settings to judge the target."},
    "n_area_missed": {"zh": "查找{area}未完成目标的原因，强化停电时户数预算管控，确保下一年度目标完成。",
                      "en": "Find why {area} missed the target and budget its customer-hours to meet next year's."},
    "n_cause": {"zh": "针对{cause}开展专项治理，落实防范措施，压减此类停电。",
                "en": "Run a campaign against {cause} outages."},
    "n_causes": {"zh": "针对{causes}等主要停电原因，逐项制定压降措施并按月跟踪。",
                 "en": "Set a remedy for each of {causes} and follow it month by month."},
    "n_feeders": {"zh": "对{feeders}等线路开展网架改造、绝缘化和配电自动化提升，缩短故障隔离和恢复时间。",
                  "en": "Reinforce and automate {feeders} to shorten fault isolation and restoration."},
    "n_frequent": {"zh": "对频繁停电线路逐条分析原因，“一线一案”制定治理措施，限期销号。",
                   "en": "Analyse each frequent-outage feeder and give it its own remedy and deadline."},
    "n_planned": {"zh": "统筹安排计划停电，推广带电作业和不停电作业，做到“一停多用”。",
                  "en": "Combine planned work into fewer outages and work live where possible."},
    "n_stage": {"zh": "压减{kind}{stage}环节办理时间，加强环节时限预警和督办。",
                "en": "Shorten the {stage} stage of {kind} applications and watch its limit."},
    "n_services": {"zh": "持续推广线上办电和“三零”“三省”服务，巩固办电提速成效。",
                   "en": "Keep extending online applications and the zero-visit services."},
    "n_keep": {"zh": "持续做好停电计划管理和运维保障，巩固供电可靠性提升成效。",
               "en": "Keep managing planned outages and maintenance to hold the gains."},
    "attachments": {"zh": "附件：数据与方法说明", "en": "Attachment: data and method"},
    "annex_label": {"zh": "附件", "en": "Attachment"},
    "annex_title": {"zh": "数据与方法说明", "en": "Data and method"},
    "annex_data": {"zh": "一、数据范围", "en": "1. Data"},
    "annex_method": {"zh": "二、统计方法", "en": "2. Method"},
    "annex_quality": {"zh": "三、数据质量", "en": "3. Data quality"},
    "annex_coverage": {"zh": "停电记录覆盖{start}至{end}（{source}），共读入 {rows:,} 条，有效 {accepted:,} 条，"
                                 "无效 {rejected:,} 条，重复 {duplicates:,} 条。",
                       "en": "The outage log covers {start} to {end} ({source}): {rows:,~row~rows} read, {accepted:,} "
                             "accepted, {rejected:,} rejected, {duplicates:,~duplicate~duplicates}."},
    "annex_applications": {"zh": "办电记录共读入 {rows:,} 条，有效 {accepted:,} 条，无效 {rejected:,} 条，重复 "
                                 "{duplicates:,} 条。",
                           "en": "The application log: {rows:,~row~rows} read, {accepted:,} accepted, {rejected:,} "
                                 "rejected, {duplicates:,~duplicate~duplicates}."},
    "annex_saidi": {"zh": "用户平均停电时间是统计期内各次停电的停电时间与停电用户数乘积之和（停电时户数）除以总用户"
                          "数，单位为小时；总用户数按各月用户数加权平均。计入统计的停电按{standard}。",
                    "en": "The average outage time per customer is the customer-hours of the period's outages over "
                          "the customers served, in hours; customers served are weighted by month. Outages are "
                          "counted by {standard}."},
    "annex_med": {"zh": "重大事件日按国际通行的“2.5倍标准差”方法，以前五年每日停电时间的对数分布确定阈值，超过阈值"
                        "的日子为重大事件日。",
                  "en": "Major event days: a day whose outage time exceeds the threshold set from the previous five "
                        "years' daily outage times by the 2.5-beta method."},
    "annex_projection": {"zh": "半年及季度报告中的全年情况，按往年同期以后各月停电时间的分布模拟得出，给出中位数和80%区间。",
                         "en": "The year's projection in a half-year or quarterly report simulates the remaining "
                               "months from past years' outage times, with the median and an 80% interval."},
    "annex_connection": {"zh": "办电时长按电网环节工作日计，不含客户自身时间；法定节假日和调休按国家公布的安排，时限按"
                               "行动计划附件2。",
                         "en": "Connection time is counted in grid-side working days, without the customer's own "
                               "time; holidays and make-up days as published; limits from the action plan's annex 2."},
    "annex_none": {"zh": "数据未见需要说明的问题。", "en": "The data showed no problem to report."},
    **FEEDERS_GONGWEN,
}
