"""The words of plotly's chart toolbar and its messages in Chinese: plotly's locale ``zh-CN`` (English text of
plotly.js -> Chinese), registered in the report page by :func:`lqrel.report.charts.locale_script`. Not a family of
codes: plotly looks its own English strings up here."""

from __future__ import annotations

PLOTLY_ZH_CN: dict = {
    "moduleType": "locale",
    "name": "zh-CN",
    "dictionary": {
        "Autoscale": "自动缩放", "Box Select": "矩形选择", "Click to enter Colorscale title": "点击输入色阶标题",
        "Compare data on hover": "悬停时比较数据", "Double-click to zoom back out": "双击还原",
        "Download plot": "下载图片", "Download plot as a PNG": "下载图片（PNG）", "Lasso Select": "套索选择",
        "Pan": "平移", "Produced with Plotly.js": "由 Plotly.js 绘制", "Reset axes": "重置坐标轴",
        "Reset view": "重置视图", "Show closest data on hover": "悬停时显示最近的数据",
        "Toggle Spike Lines": "显示或隐藏参考线", "Zoom": "缩放", "Zoom in": "放大", "Zoom out": "缩小",
        "Click to enter Plot title": "点击输入图表标题", "Click to enter X axis title": "点击输入横轴标题",
        "Click to enter Y axis title": "点击输入纵轴标题", "Taking snapshot - this may take a few seconds": "正在生成图片，请稍候",
        "Snapshot succeeded": "图片已生成", "Sorry, there was a problem downloading your snapshot!": "抱歉，下载图片时出错",
        "trace": "数据系列", "new text": "新文本",
    },
    "format": {
        "days": ["星期日", "星期一", "星期二", "星期三", "星期四", "星期五", "星期六"],
        "shortDays": ["周日", "周一", "周二", "周三", "周四", "周五", "周六"],
        "months": [f"{m}月" for m in range(1, 13)], "shortMonths": [f"{m}月" for m in range(1, 13)],
        "date": "%Y-%m-%d", "decimal": ".", "thousands": ",",
    },
}
