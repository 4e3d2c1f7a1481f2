"""Display names of the application log's customer types (``ct_<type>``) and stages (``st_<stage>``), in
simplified Chinese and English: part of the report's labels (:mod:`lqrel.report.i18n`) and of ``lqrel connect``'s
listing (:func:`lqrel.connection.listing_lines`)."""

CONNECTION_LABELS: dict[str, dict[str, str]] = {
    "zh": {
        "ct_residential": "居民",
        "ct_lv_sanling": "低压非居民（三零）",
        "ct_lv_other": "低压非居民（非三零）",
        "ct_hv10_single": "10千伏单电源",
        "ct_hv10_dual": "10千伏双电源",
        "ct_hv35_single": "35千伏及以上单电源",
        "ct_hv35_dual": "35千伏及以上双电源",
        "st_acceptance": "业务受理",
        "st_scheme": "供电方案答复",
        "st_design_review": "设计审查",
        "st_mid_inspection": "中间检查",
        "st_completion_inspection": "竣工检验",
        "st_connection": "装表接电",
        "st_between": "环节之间（等待客户）",
    },
    "en": {
        "ct_residential": "Residential",
        "ct_lv_sanling": "LV non-residential (zero-visit service)",
        "ct_lv_other": "LV non-residential (other)",
        "ct_hv10_single": "10 kV single supply",
        "ct_hv10_dual": "10 kV dual supply",
        "ct_hv35_single": "35 kV+ single supply",
        "ct_hv35_dual": "35 kV+ dual supply",
        "st_acceptance": "Acceptance",
        "st_scheme": "Supply scheme",
        "st_design_review": "Design review",
        "st_mid_inspection": "Mid-construction inspection",
        "st_completion_inspection": "Completion inspection",
        "st_connection": "Metering and connection",
        "st_between": "between stages (customer side)",
    },
}
