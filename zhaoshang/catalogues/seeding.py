"""The standard lists the bureau starts from, and the adoption of what projects and
investors already say. Written for the data migration (historical models are
passed in) and for the demo (a test database flushed by a browser test has lost
what the migration wrote)."""

from __future__ import annotations

# Industries investment bureaus attract, after the groups of 国民经济行业分类
# (GB/T 4754-2017) and the 战略性新兴产业 the province's chains are built on.
INDUSTRIES = [
    "装备制造",
    "汽车及零部件",
    "电子信息",
    "新能源",
    "新材料",
    "生物医药",
    "医疗器械",
    "节能环保",
    "化工",
    "建材",
    "冶金",
    "金属制品",
    "纺织服装",
    "鞋业",
    "家具",
    "造纸及纸制品",
    "塑料制品",
    "食品加工",
    "农产品加工",
    "现代农业",
    "林业",
    "现代物流",
    "商贸服务",
    "文化旅游",
    "康养",
    "教育",
    "信息技术服务",
    "金融服务",
    "房地产",
    "基础设施",
    "水利",
    "能源",
    "数字经济",
    "其他",
]

# Economic regions investors are courted in, the provinces, and abroad.
REGIONS = [
    "本省",
    "珠三角",
    "长三角",
    "京津冀",
    "海西（闽南）",
    "成渝",
    "长江中游",
    "港澳台",
    "境外",
    "北京",
    "天津",
    "河北",
    "山西",
    "内蒙古",
    "辽宁",
    "吉林",
    "黑龙江",
    "上海",
    "江苏",
    "浙江",
    "安徽",
    "福建",
    "江西",
    "山东",
    "河南",
    "湖北",
    "湖南",
    "广东",
    "广西",
    "海南",
    "重庆",
    "四川",
    "贵州",
    "云南",
    "西藏",
    "陕西",
    "甘肃",
    "青海",
    "宁夏",
    "新疆",
]


def _add(model, names) -> None:
    known = set(model.objects.values_list("name", flat=True))
    start = model.objects.count()
    new = [name for name in dict.fromkeys(n.strip() for n in names) if name and name not in known]
    model.objects.bulk_create(model(name=name[:60], sort_order=(start + i + 1) * 10) for i, name in enumerate(new))


def seed_lists(industry_model, region_model) -> None:
    _add(industry_model, INDUSTRIES)
    _add(region_model, REGIONS)


def adopt_values(industry_model, region_model, project_model, investor_model) -> None:
    """Values typed before the lists existed join them: nothing a project says is
    lost, and the bureau can retire or merge them on its screen afterwards."""
    _add(industry_model, project_model.objects.exclude(industry="").values_list("industry", flat=True).distinct())
    regions = set(project_model.objects.exclude(source_region="").values_list("source_region", flat=True))
    regions |= set(investor_model.objects.exclude(region="").values_list("region", flat=True))
    _add(region_model, sorted(regions))
