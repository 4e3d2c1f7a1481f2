"""Nomenclature: canonical column names, the built-in header aliases and value vocabularies.

Chinese terms follow DL/T 836.1-2016 and common State Grid export headers (docs/spec.md §2). Headers and values
are compared after :func:`normalize` (full-width to half-width, case folded, spaces removed).
"""

from __future__ import annotations

import re
import unicodedata

from lqrel.messages import Vocabulary

#: Canonical event columns and the headers recognised for each, tried in order.
EVENT_ALIASES: dict[str, tuple[str, ...]] = {
    "event_id": ("event_id", "id", "事件编号", "停电编号", "停电事件编号", "工单编号", "编号", "序号id"),
    "start": (
        "start", "start_time", "停电开始时间", "停电时间", "开始时间", "停电起始时间", "dateoff",
    ),
    "start_date": ("start_date", "停电开始日期", "停电日期", "开始日期"),
    "start_time": ("start_clock", "停电开始时刻", "开始时刻"),
    "end": (
        "end", "end_time", "停电结束时间", "复电时间", "送电时间", "恢复送电时间", "结束时间", "恢复时间", "dateon",
    ),
    "end_date": ("end_date", "复电日期", "停电结束日期", "结束日期", "送电日期"),
    "end_time": ("end_clock", "复电时刻", "结束时刻", "送电时刻"),
    "duration_min": ("duration_min", "停电时长(分钟)", "停电时长（分钟）", "停电持续时间(分钟)", "时长(分钟)"),
    "duration_h": (
        "duration_h", "停电时长(小时)", "停电时长（小时）", "停电持续时间(小时)", "时长(小时)",
    ),
    # A duration whose header names no unit: refused unless ``duration_unit`` says it (docs/spec.md §5, never hours
    # by assumption); a header with a unit in any of the usual spellings is found by :func:`duration_header_unit`.
    "duration": ("duration", "停电时长", "停电持续时间", "持续时间", "时长"),
    "customers": (
        "customers", "停电用户数", "停电户数", "影响用户数", "停电用户数(户)", "影响户数", "用户数", "numcustomersout",
    ),
    "area": ("area", "地区特征", "区域", "城乡", "区域类型", "城乡类别", "供电区域"),
    "town": ("town", "供电所", "乡镇", "街道", "乡镇街道", "所属供电所"),
    "feeder": ("feeder", "线路", "线路名称", "馈线", "馈线名称", "10kv线路"),
    "cause": ("cause", "停电原因", "故障原因", "原因"),
    "nature": ("nature", "停电性质", "停电类型", "停电类别"),
    "external": ("external", "内部/外部", "责任", "责任归属", "是否外部", "外部影响"),
    "shortage": ("shortage", "系统电源不足限电", "是否限电"),
}

#: Customers-served file columns.
CUSTOMER_ALIASES: dict[str, tuple[str, ...]] = {
    "area": ("area", "区域", "地区特征", "城乡", "供电区域"),
    "month": ("month", "月份", "统计月份", "年月"),
    "year": ("year", "年份", "年度"),
    "customers": ("customers", "customers_served", "用户数", "总用户数", "用户总数", "户数"),
    "town": ("town", "供电所", "乡镇", "街道", "乡镇街道"),
}

#: Stage names (附件2 and the residential / 三零 two-stage process) for application headers and long-format values.
STAGE_NAMES: dict[str, tuple[str, ...]] = {
    "acceptance": ("业务受理", "受理签约", "受理"),
    "scheme": ("供电方案答复", "方案答复", "供电方案"),
    "design_review": ("设计审查", "设计文件审查"),
    "mid_inspection": ("中间检查",),
    "completion_inspection": ("竣工检验", "竣工验收"),
    "connection": ("装表接电", "施工接电", "接电"),
}


def _stage_aliases() -> dict[str, tuple[str, ...]]:
    out: dict[str, tuple[str, ...]] = {}
    for stage, names in STAGE_NAMES.items():
        for side, words in (("start", ("开始时间", "开始日期", "开始")), ("end", ("完成时间", "结束时间", "完成日期",
                                                                              "结束日期", "完成"))):
            out[f"{stage}_{side}"] = (f"{stage}_{side}",) + tuple(n + w for n in names for w in words)
    return out


#: Canonical application-log columns (业扩报装 export): one row per application (wide, a start and end column per
#: stage) or one row per application and stage (long: ``stage``, ``start``, ``end``).
APPLICATION_ALIASES: dict[str, tuple[str, ...]] = {
    "app_id": ("app_id", "application_id", "申请编号", "申请单号", "业务编号", "流程编号", "工单编号", "工单号"),
    "customer_type": ("customer_type", "用户类别", "用户类型", "客户类别", "客户类型", "报装类别"),
    "works": ("works", "有无工程", "是否有工程", "工程", "配套工程", "是否有配套工程"),
    "capacity_kw": ("capacity_kw", "capacity", "报装容量", "报装容量(kw)", "报装容量（千瓦）", "报装容量(千瓦)",
                    "申请容量", "容量(kw)", "容量"),
    # what the 三零/三省 service benefits need (docs/spec.md §12.1); each optional
    "online": ("online", "线上申请", "是否线上申请", "线上办电", "网上申请", "是否网上申请", "线上受理"),
    "site_visits": ("site_visits", "上门次数", "客户上门次数", "到厅次数", "跑腿次数"),
    "grid_invested": ("grid_invested", "电网投资到表", "投资界面", "投资界面延伸到表", "是否电网投资到表",
                      "投资界面延伸"),
    "approval": ("approval", "行政审批", "是否行政审批", "客户办理行政审批", "需行政审批"),
    # the 供电所 (or 供电单位) that handled the application, optional: late applications per 供电所 (docs/spec.md §10)
    "town": ("town", "供电所", "供电单位", "所属供电所", "供电所名称", "受理单位"),
    "customer_cost_yuan": ("customer_cost_yuan", "客户投资（元）", "客户投资(元)", "客户投资", "客户投资金额",
                           "用户投资（元）", "用户投资(元)", "客户接电成本（元）"),
    **_stage_aliases(),
    "stage": ("stage", "环节", "环节名称", "办理环节", "业务环节"),
    "start": ("start", "开始时间", "环节开始时间", "开始日期"),
    "end": ("end", "完成时间", "结束时间", "环节完成时间", "环节结束时间", "完成日期"),
}

#: Every column a setting may name under ``columns:`` (events and applications).
CANONICAL_COLUMNS = tuple(dict.fromkeys((*EVENT_ALIASES, *APPLICATION_ALIASES)))

#: Canonical values and the source values recognised for them, per column.
AREA_VALUES: dict[str, tuple[str, ...]] = {
    "urban": ("urban", "城镇", "城市", "市区", "市中心", "县城", "城区"),
    "rural": ("rural", "农村", "乡村"),
}
NATURE_VALUES: dict[str, tuple[str, ...]] = {
    "fault": ("fault", "unplanned", "forced", "故障", "故障停电", "非计划停电", "事故停电"),
    "planned": (
        "planned", "scheduled", "预安排", "预安排停电", "计划", "计划停电", "临时", "临时停电", "限电",
        "限电停电", "系统电源不足限电", "供电网限电", "检修", "计划检修",
    ),
}
BOOL_VALUES: dict[str, tuple[str, ...]] = {
    "true": ("true", "yes", "y", "1", "是", "外部", "外部影响", "x", "√"),
    "false": ("false", "no", "n", "0", "否", "内部", ""),
}
#: Nature values that also mark the event as system-shortage load shedding (SAIDI-3 excludes them).
SHORTAGE_NATURES = ("系统电源不足限电", "shortage")

#: Customer types of 附件2.
CUSTOMER_TYPE_VALUES: dict[str, tuple[str, ...]] = {
    "residential": ("residential", "居民", "居民用户", "低压居民", "低压居民用户"),
    "lv_sanling": ("lv_sanling", "三零", "低压三零", "低压非居民(三零)", "低压非居民（三零）", "低压小微企业",
                   "实行三零服务的低压非居民", "实行“三零”服务的低压非居民", "实行\"三零\"服务的低压非居民",
                   "实行“三零”服务的低压非居民用户"),
    "lv_other": ("lv_other", "低压非居民", "低压非居民用户", "未实行三零服务的低压非居民",
                 "未实行“三零”服务的低压非居民", "未实行“三零”服务的低压非居民用户"),
    "hv10_single": ("hv10_single", "10千伏单电源", "10kv单电源", "10千伏单电源用户", "高压单电源"),
    "hv10_dual": ("hv10_dual", "10千伏双电源", "10kv双电源", "10千伏双电源用户", "高压双电源"),
    "hv35_single": ("hv35_single", "35千伏及以上单电源", "35kv及以上单电源", "35千伏及以上单电源用户"),
    "hv35_dual": ("hv35_dual", "35千伏及以上双电源", "35kv及以上双电源", "35千伏及以上双电源用户"),
}
WORKS_VALUES: dict[str, tuple[str, ...]] = {
    "true": ("true", "yes", "y", "1", "是", "有", "有工程"),
    "false": ("false", "no", "n", "0", "否", "无", "无工程"),
}
#: Who invested up to the meter (投资界面): the grid (true) or the customer (false).
GRID_INVESTED_VALUES: dict[str, tuple[str, ...]] = {
    "true": (*BOOL_VALUES["true"], "电网", "电网投资", "电网投资到表", "延伸到表", "投资界面延伸到表"),
    "false": (*BOOL_VALUES["false"], "客户", "用户", "客户投资", "用户投资", "未延伸"),
}
STAGE_VALUES: dict[str, tuple[str, ...]] = {stage: (stage, *names) for stage, names in STAGE_NAMES.items()}

VALUE_COLUMNS: dict[str, dict[str, tuple[str, ...]]] = {
    "customer_type": CUSTOMER_TYPE_VALUES,
    "works": WORKS_VALUES,
    "online": BOOL_VALUES,
    "grid_invested": GRID_INVESTED_VALUES,
    "approval": BOOL_VALUES,
    "stage": STAGE_VALUES,
    "area": AREA_VALUES,
    "nature": NATURE_VALUES,
    "external": BOOL_VALUES,
    "shortage": BOOL_VALUES,
}

#: The vocabularies of the outage log's columns (``values:``, ``--map column.canonical=value``).
EVENT_VALUE_COLUMNS = {c: VALUE_COLUMNS[c] for c in ("area", "nature", "external", "shortage")}
#: The vocabularies of the customers file (``customers_values:``).
CUSTOMER_VALUE_COLUMNS = {"area": AREA_VALUES}
#: The vocabularies of the application log (``applications_values:``).
APPLICATION_VALUE_COLUMNS = {c: VALUE_COLUMNS[c] for c in ("customer_type", "works", "stage", "online", "grid_invested",
                                                          "approval")}


def vocabulary_text(column: str, table: dict[str, tuple[str, ...]], most: int = 8) -> str:
    """A vocabulary of ``column`` for a message: each canonical value with (up to ``most`` of) its source values,
    English as a ``str``, rendered in the message's language (:class:`lqrel.messages.Vocabulary`)."""
    return Vocabulary(column, table, most)


def unknown_value_entries(rejected: list[tuple[str, str, str]], canon_of: dict[str, str], file: str,
                          vocabularies: dict[str, dict[str, tuple[str, ...]]], setting: str,
                          with_map: bool = False) -> list[dict]:
    """What a load says about values outside a vocabulary: one entry per column, from its rejected cells
    (``(code, column header, value)``; ``canon_of``: reject code or header -> canonical column), each the
    arguments of the catalogue error ``unknown_values`` (``with_map``: ``--map`` too, the outage log) or
    ``unknown_values_file``, under ``code``: the values with their counts, the vocabulary and the settings line
    that would map the first value."""
    counts: dict[str, dict[str, int]] = {}
    canon: dict[str, str] = {}
    for code, column, value in rejected:
        col = canon_of.get(code) or canon_of.get(column)
        if col not in vocabularies:
            continue
        canon[column] = col
        counts.setdefault(column, {})
        counts[column][value] = counts[column].get(value, 0) + 1
    out = []
    for column, values in counts.items():
        col, first = canon[column], next(iter(values))
        target = next(iter(vocabularies[col]))
        entry = {"code": "unknown_values" if with_map else "unknown_values_file", "file": file, "column": column,
                 "canon": col, "values": ", ".join(f"{v} ×{n}" for v, n in values.items()),
                 "known": vocabulary_text(col, vocabularies[col]), "setting": setting,
                 "example": f"{setting}: {{{col}: {{{target}: [{first}]}}}}"}
        if with_map:
            entry["map_example"] = f"{col}.{target}={first}"
        out.append(entry)
    return out


def normalize(text: object) -> str:
    """Header or value in comparable form: NFKC (full-width to half-width), case folded, no spaces."""
    s = unicodedata.normalize("NFKC", str(text)).casefold()
    return "".join(s.split())


#: A duration header (normalized): a duration word, then its unit (minutes or hours) or none.
_DURATION_HEADER = re.compile(
    r"^(?:停电时长|停电持续时间|停电历时|持续时间|时长|duration)[_:]?[(\[【/]?"
    r"(分钟|分|min|mins|minute|minutes|小时|时|h|hr|hrs|hour|hours)?[)\]】]?$")
_MINUTE_UNITS = ("分钟", "分", "min", "mins", "minute", "minutes")


def duration_header_unit(header: object) -> str | None:
    """``min`` or ``h`` for a duration header that names its unit (``停电时长(分钟)``, ``停电时长（min）``,
    ``duration [h]``), ``""`` for one that names none (``停电时长``, ``duration``), None for any other header."""
    m = _DURATION_HEADER.match(normalize(header))
    if m is None:
        return None
    unit = m.group(1)
    return "" if unit is None else "min" if unit in _MINUTE_UNITS else "h"


def lookup_table(builtin: dict[str, tuple[str, ...]], extra: dict[str, tuple[str, ...]] | None = None):
    """Normalized source value -> canonical value; ``extra`` (from params ``values:``) wins."""
    table = {normalize(v): canon for canon, names in builtin.items() for v in names}
    for canon, names in (extra or {}).items():
        for v in names:
            table[normalize(v)] = canon
    return table
