"""Filing pre-check (A2): does a project need design review + acceptance, filing, or nothing?

Pure rules, no database: ``precheck_outcome(answers)`` takes the questionnaire's answers and
returns the outcome with the rule it rests on. The thresholds are plain data below
(``PLACE_RULES``, ``EXEMPT_*``) so that a legal officer can check and edit them in one place.

Sources (the report-era regime, before the 2019 hand-over to the housing departments):

* 《建设工程消防监督管理规定》(公安部令第119号, as amended 2012):
  - 第二条第二款: not applicable to 住宅室内装修、村民自建住宅、救灾和其他非人员密集场所的临时性建筑;
  - 第十三条: 人员密集场所 over an area threshold → 消防设计审核 + 消防验收;
  - 第十四条: 特殊建设工程 (certain buildings regardless of size; other public buildings with a single
    building area > 40,000 m² or a height over 50 m; 一类高层住宅; rail transit, tunnels, large power
    works; works with flammable or explosive dangerous goods) → 消防设计审核 + 消防验收;
  - 第二十四条: every other project files (备案) within 7 days of the construction permit / completion;
    "依法不需要取得施工许可的建设工程，可以不进行消防设计、竣工验收消防备案";
  - 第二十五条、第二十六条: filings are spot-checked (抽查) at random, within 20 days of selection.
* 《建筑工程施工许可管理办法》(住建部令第18号, 2014) 第二条第二款: projects with an investment of
  30万元 or less, or a building area of 300 m² or less, need no construction permit — hence no filing.

Assumptions, stated where they are used:

* The thresholds of 第十三条 are taken from the text, which differs from figures sometimes quoted:
  托儿所/幼儿园/养老院/中小学/病房楼/集体宿舍 > 1,000 m² (not "any size", not 2,500 m²);
  歌舞娱乐场所 > 500 m² (not 1,000 m²); 劳动密集型企业生产车间/医院门诊楼/大学教学楼 > 2,500 m².
* "大于 / 超过" is strict (exactly 10,000 m² of a mall is not over the threshold); "以下" in the
  permit exemption includes the figure (Chinese legal usage), so 300 m² or 30万元 is exempt.
* 一类高层住宅 is read with GB 50016-2014 表5.1.1: a residential building higher than 54 m.
* 第十四条第一项 (a building *containing* a 第十三条 place over its threshold) is covered by asking for the
  place's own area: the applicant answers for the crowded place, whatever building it sits in.
* The permit exemption is applied only after 第十三条/第十四条: a 600 m² karaoke bar with 20万元 of
  works still needs design review (the exemption concerns filing, not the review duty).
* A temporary building that is itself a crowded place is not exempt (第二条 exempts only 非人员密集场所).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from django.db import models
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

RULE_119 = "《建设工程消防监督管理规定》(公安部令第119号)"
RULE_PERMIT = "《建筑工程施工许可管理办法》(住建部令第18号)第二条第二款"


class OutcomeCode(models.TextChoices):
    """What the project needs (the stored outcome of a pre-check notice)."""

    REVIEW = "review", _("Fire design review and fire acceptance")  # 消防设计审核 + 消防验收
    FILING = "filing", _("Filing, with possible spot check")  # 消防设计、竣工验收消防备案 (抽查)
    NONE = "none", _("No filing needed")  # 无需办理备案 (提前告知)


class WorkType(models.TextChoices):
    NEW = "new", _("New building, extension or alteration")  # 新建、扩建、改建
    FITOUT = "fitout", _("Interior or exterior fit-out, insulation or change of use")  # 装修、保温、用途变更
    HOME_FITOUT = "home_fitout", _("Fit-out of a private home")  # 住宅室内装修
    VILLAGER_HOUSE = "villager_house", _("House built by villagers for themselves")  # 村民自建住宅
    TEMPORARY = "temporary", _("Temporary building (disaster relief, site huts …)")  # 临时性建筑


@dataclass(frozen=True)
class PlaceRule:
    """One row of the threshold table.

    The project needs design review and acceptance when its area is over ``area_over`` or its
    height over ``height_over`` (either; ``None`` = that test does not apply), or ``always``.
    """

    label: str | Promise
    basis: str  # the article cited
    text: str  # the clause as the regulation words it
    area_over: Decimal | None = None
    height_over: Decimal | None = None
    always: bool = False
    crowded: bool = False  # a 人员密集场所 of 第十三条 (so a temporary one is not exempt)


def _d(value: str) -> Decimal:
    return Decimal(value)


_PUBLIC_HEIGHT = _d("50")  # 第十四条第三项: 建筑高度超过五十米的公共建筑
_PUBLIC_AREA = _d("40000")  # 第十四条第三项: 单体建筑面积大于四万平方米
_S13 = "第十三条"
_S14 = "第十四条"

# The threshold table. Keys are the stored answer codes; keep them stable (old notices keep theirs).
PLACE_RULES: dict[str, PlaceRule] = {
    "stadium_hall": PlaceRule(
        _("Stadium, gymnasium, assembly hall, exhibition hall, museum gallery"), f"{RULE_119}{_S13}第一项",
        "建筑总面积大于二万平方米的体育场馆、会堂，公共展览馆、博物馆的展示厅", area_over=_d("20000"),
        height_over=_PUBLIC_HEIGHT, crowded=True),
    "terminal": PlaceRule(
        _("Airport terminal, station or port waiting hall"), f"{RULE_119}{_S13}第二项",
        "建筑总面积大于一万五千平方米的民用机场航站楼、客运车站候车室、客运码头候船厅", area_over=_d("15000"),
        height_over=_PUBLIC_HEIGHT, crowded=True),
    "hotel_mall": PlaceRule(
        _("Hotel, restaurant, shopping centre, market"), f"{RULE_119}{_S13}第三项",
        "建筑总面积大于一万平方米的宾馆、饭店、商场、市场", area_over=_d("10000"),
        height_over=_PUBLIC_HEIGHT, crowded=True),
    "cinema_workshop": PlaceRule(
        _("Cinema or theatre, library reading room, gym or leisure venue, hospital outpatient building, "
          "university teaching building / library / canteen, labour-intensive workshop, temple or church"),
        f"{RULE_119}{_S13}第四项",
        "建筑总面积大于二千五百平方米的影剧院，公共图书馆的阅览室，营业性室内健身、休闲场馆，医院的门诊楼，"
        "大学的教学楼、图书馆、食堂，劳动密集型企业的生产加工车间，寺庙、教堂", area_over=_d("2500"),
        height_over=_PUBLIC_HEIGHT, crowded=True),
    "children_elderly": PlaceRule(
        _("Nursery or kindergarten, indoor children's play place, elderly or welfare home, hospital ward "
          "building, primary or secondary school teaching building / library / canteen, school dormitory, "
          "labour-intensive enterprise dormitory"),
        f"{RULE_119}{_S13}第五项",
        "建筑总面积大于一千平方米的托儿所、幼儿园的儿童用房，儿童游乐厅等室内儿童活动场所，养老院、福利院，"
        "医院、疗养院的病房楼，中小学校的教学楼、图书馆、食堂，学校的集体宿舍，劳动密集型企业的员工集体宿舍",
        area_over=_d("1000"), height_over=_PUBLIC_HEIGHT, crowded=True),
    "entertainment": PlaceRule(
        _("Dance hall, karaoke, nightclub, game arcade, sauna, internet café, bar, restaurant or tea house "
          "with entertainment"),
        f"{RULE_119}{_S13}第六项",
        "建筑总面积大于五百平方米的歌舞厅、录像厅、放映厅、卡拉OK厅、夜总会、游艺厅、桑拿浴室、网吧、酒吧，"
        "具有娱乐功能的餐馆、茶馆、咖啡厅", area_over=_d("500"), height_over=_PUBLIC_HEIGHT, crowded=True),
    "government": PlaceRule(
        _("Government office, power dispatch, telecoms, post, emergency command, broadcasting or archive "
          "building"),
        f"{RULE_119}{_S14}第二项",
        "国家机关办公楼、电力调度楼、电信楼、邮政楼、防灾指挥调度楼、广播电视楼、档案楼", always=True),
    "infrastructure": PlaceRule(
        _("Urban rail transit, tunnel, large power generation or substation works"), f"{RULE_119}{_S14}第五项",
        "城市轨道交通、隧道工程，大型发电、变配电工程", always=True),
    "hazardous": PlaceRule(
        _("Plant, warehouse, station or wharf for flammable or explosive goods; gas or fuel filling station"),
        f"{RULE_119}{_S14}第六项",
        "生产、储存、装卸易燃易爆危险物品的工厂、仓库和专用车站、码头，易燃易爆气体和液体的充装站、供应站、调压站",
        always=True),
    "other_public": PlaceRule(
        _("Other public building (office, shop, …)"), f"{RULE_119}{_S14}第三项",
        "本条第一项、第二项规定以外的单体建筑面积大于四万平方米或者建筑高度超过五十米的公共建筑",
        area_over=_PUBLIC_AREA, height_over=_PUBLIC_HEIGHT),
    "residential": PlaceRule(
        _("Residential building"), f"{RULE_119}{_S14}第四项",
        "国家标准规定的一类高层住宅建筑（GB 50016-2014：建筑高度大于54米的住宅建筑）", height_over=_d("54")),
    "industrial": PlaceRule(
        _("Factory or warehouse (no flammable or explosive goods)"), f"{RULE_119}第二十四条",
        "厂房、仓库不属于第十三条、第十四条所列工程"),
}

# 住建部令第18号: "工程投资额在30万元以下或者建筑面积在300平方米以下的建筑工程，可以不申请办理施工许可证"
EXEMPT_AREA_MAX = _d("300")  # m², inclusive
EXEMPT_INVESTMENT_MAX = _d("30")  # 万元, inclusive

TEXT_SCOPE = "本规定不适用住宅室内装修、村民自建住宅、救灾和其他非人员密集场所的临时性建筑的建设活动。"
TEXT_NO_PERMIT = ("依法不需要取得施工许可的建设工程，可以不进行消防设计、竣工验收消防备案。"
                  "（工程投资额在30万元以下或者建筑面积在300平方米以下的建筑工程，可以不申请办理施工许可证。）")
TEXT_FILING = ("对本规定第十三条、第十四条规定以外的建设工程，建设单位应当在取得施工许可、工程竣工验收合格之日起七日内"
               "进行消防设计、竣工验收消防备案；公安机关消防机构随机确定检查对象，并在二十日内完成抽查。")

# The service guides (approvals:guide codes) that go with each outcome.
GUIDES: dict[str, tuple[str, ...]] = {
    OutcomeCode.REVIEW: ("design_review", "acceptance"),
    OutcomeCode.FILING: ("completion_filing",),
    OutcomeCode.NONE: (),
}


@dataclass(frozen=True)
class PrecheckAnswers:
    """The questionnaire: what is built, for what use, how big. ``investment`` in 万元, optional."""

    work_type: str
    place: str
    area: Decimal  # m² of the project (for a fit-out: of the place being fitted out)
    height: Decimal = Decimal("0")  # m
    investment: Decimal | None = None

    def as_json(self) -> dict[str, str | None]:
        return {"work_type": self.work_type, "place": self.place, "area": str(self.area),
                "height": str(self.height), "investment": None if self.investment is None else str(self.investment)}


@dataclass(frozen=True)
class PrecheckOutcome:
    code: str  # an OutcomeCode value
    basis: str  # the article cited
    text: str  # what the article says
    guides: tuple[str, ...] = field(default=())

    @property
    def spot_check_possible(self) -> bool:
        return self.code == OutcomeCode.FILING


def _outcome(code: str, basis: str, text: str) -> PrecheckOutcome:
    return PrecheckOutcome(code=code, basis=basis, text=text, guides=GUIDES[code])


def _over(value: Decimal, threshold: Decimal | None) -> bool:
    return threshold is not None and value > threshold


def precheck_outcome(answers: PrecheckAnswers) -> PrecheckOutcome:
    """Decide what the project needs, first matching rule wins:

    1. 住宅室内装修 / 村民自建住宅, or a temporary building that is not a crowded place → nothing (第二条);
    2. the place's row of ``PLACE_RULES`` is met → design review + acceptance (第十三条/第十四条);
    3. no construction permit needed (≤ 300 m² or ≤ 30万元) → nothing (第二十四条, 住建部令第18号);
    4. otherwise → filing, possibly spot-checked (第二十四条至第二十六条).

    Raises ``ValueError`` for an unknown work type or place, or a negative figure.
    """
    if answers.work_type not in WorkType.values:
        raise ValueError(f"unknown work type {answers.work_type!r}")
    rule = PLACE_RULES.get(answers.place)
    if rule is None:
        raise ValueError(f"unknown place {answers.place!r}")
    if answers.area < 0 or answers.height < 0 or (answers.investment is not None and answers.investment < 0):
        raise ValueError("area, height and investment cannot be negative")

    scope_basis = f"{RULE_119}第二条第二款"
    if answers.work_type in (WorkType.HOME_FITOUT, WorkType.VILLAGER_HOUSE):
        return _outcome(OutcomeCode.NONE, scope_basis, TEXT_SCOPE)
    if answers.work_type == WorkType.TEMPORARY and not rule.crowded:
        return _outcome(OutcomeCode.NONE, scope_basis, TEXT_SCOPE)

    if rule.always or _over(answers.area, rule.area_over):
        return _outcome(OutcomeCode.REVIEW, rule.basis, rule.text)
    if _over(answers.height, rule.height_over):
        if rule.height_over == _PUBLIC_HEIGHT and answers.place != "other_public":
            # A crowded place under its area threshold in a public building over 50 m: 第十四条第三项.
            other = PLACE_RULES["other_public"]
            return _outcome(OutcomeCode.REVIEW, other.basis, other.text)
        return _outcome(OutcomeCode.REVIEW, rule.basis, rule.text)

    no_permit = answers.area <= EXEMPT_AREA_MAX or (
        answers.investment is not None and answers.investment <= EXEMPT_INVESTMENT_MAX)
    if no_permit:
        return _outcome(OutcomeCode.NONE, f"{RULE_119}第二十四条；{RULE_PERMIT}", TEXT_NO_PERMIT)
    return _outcome(OutcomeCode.FILING, f"{RULE_119}第二十四条至第二十六条", TEXT_FILING)
