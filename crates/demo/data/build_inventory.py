#!/usr/bin/env python3
"""Builds inventory-procedures.toml: real procedure names and legal bases of
procedures that residents and businesses bring to a city, taken from the
Digital Agency's inventory (デジタル庁「行政手続等の棚卸調査結果」, R6), rows whose
事務区分 is 自治事務 or 法定受託事務. Each is given the Nagoya bureau and section
that would own it, tags and life events, and a kana reading from a real
morphological dictionary (MeCab's UniDic through fugashi; readings.py
rewrites only the readings).

    pip install fugashi unidic-lite
    python3 crates/demo/data/fit_bureaus.py ../shared/data/jp-procedures-survey-r6.csv.gz
    python3 crates/demo/data/build_inventory.py ../shared/data/jp-procedures-survey-r6.csv.gz
"""
import csv, functools, gzip, json, re, sys, tomllib
from pathlib import Path

HERE = Path(__file__).parent

# (keyword in the name, bureau, section), first match wins.
BY_KEYWORD = [
    ("介護", "kenko", "kenko-kaigo"), ("老人", "kenko", "kenko-korei"), ("高齢", "kenko", "kenko-korei"),
    ("障害", "kenko", "kenko-shogai"), ("生活保護", "kenko", "kenko-seikatsu"),
    ("国民健康保険", "kenko", "kenko-hoken"), ("国民年金", "kenko", "kenko-hoken"),
    ("食品", "kenko", "kenko-shokuhin"), ("食鳥", "kenko", "kenko-shokuhin"), ("飲食", "kenko", "kenko-shokuhin"),
    ("薬", "kenko", "kenko-yakumu"), ("毒物", "kenko", "kenko-yakumu"), ("旅館", "kenko", "kenko-yakumu"),
    ("理容", "kenko", "kenko-yakumu"), ("美容", "kenko", "kenko-yakumu"), ("墓地", "kenko", "kenko-yakumu"),
    ("興行場", "kenko", "kenko-yakumu"), ("公衆浴場", "kenko", "kenko-yakumu"), ("クリーニング", "kenko", "kenko-yakumu"),
    ("犬", "kenko", "kenko-yakumu"), ("動物", "kenko", "kenko-yakumu"),
    ("医療", "kenko", "kenko-zoshin"), ("診療", "kenko", "kenko-zoshin"), ("病院", "kenko", "kenko-zoshin"),
    ("予防接種", "kenko", "kenko-zoshin"), ("感染", "kenko", "kenko-zoshin"), ("健康", "kenko", "kenko-zoshin"),
    ("保育", "kodomo", "kodomo-hoiku"), ("児童", "kodomo", "kodomo-fukushi"), ("母子", "kodomo", "kodomo-fukushi"),
    ("子ども", "kodomo", "kodomo-kosodate"), ("こども", "kodomo", "kodomo-kosodate"), ("妊", "kodomo", "kodomo-kosodate"),
    ("青少年", "kodomo", "kodomo-seishonen"),
    ("下水", "jogesuido", "jogesuido-haisui"), ("排水設備", "jogesuido", "jogesuido-haisui"),
    ("水道", "jogesuido", "jogesuido-kyusui"), ("給水", "jogesuido", "jogesuido-kyusui"),
    ("道路", "ryokusei", "ryokusei-doro"), ("河川", "ryokusei", "ryokusei-kasen"), ("公園", "ryokusei", "ryokusei-ryokuchi"),
    ("緑地", "ryokusei", "ryokusei-ryokuchi"), ("樹木", "ryokusei", "ryokusei-ryokuchi"), ("森林", "ryokusei", "ryokusei-ryokuchi"),
    ("農地", "nogyo", "nogyo-nochi"), ("農業", "ryokusei", "ryokusei-nogyo"), ("農用地", "ryokusei", "ryokusei-nogyo"),
    ("家畜", "ryokusei", "ryokusei-nogyo"), ("肥料", "ryokusei", "ryokusei-nogyo"),
    ("建築", "jutaku", "jutaku-kenchiku"), ("建物", "jutaku", "jutaku-kenchiku"), ("昇降機", "jutaku", "jutaku-kenchiku"),
    ("開発", "jutaku", "jutaku-kaihatsu"), ("宅地", "jutaku", "jutaku-kaihatsu"), ("盛土", "jutaku", "jutaku-kaihatsu"),
    ("都市計画", "jutaku", "jutaku-keikaku"), ("区画整理", "jutaku", "jutaku-keikaku"), ("再開発", "jutaku", "jutaku-keikaku"),
    ("地区計画", "jutaku", "jutaku-keikaku"), ("屋外広告", "jutaku", "jutaku-keikan"), ("景観", "jutaku", "jutaku-keikan"),
    ("住宅", "jutaku", "jutaku-shiei"),
    ("廃棄物", "kankyo", "kankyo-haikibutsu"), ("浄化槽", "kankyo", "kankyo-haikibutsu"), ("リサイクル", "kankyo", "kankyo-shigen"),
    ("再生", "kankyo", "kankyo-shigen"), ("騒音", "kankyo", "kankyo-taisaku"), ("振動", "kankyo", "kankyo-taisaku"),
    ("大気", "kankyo", "kankyo-taisaku"), ("ばい煙", "kankyo", "kankyo-taisaku"), ("水質", "kankyo", "kankyo-taisaku"),
    ("土壌", "kankyo", "kankyo-taisaku"), ("悪臭", "kankyo", "kankyo-taisaku"), ("フロン", "kankyo", "kankyo-taisaku"),
    ("化学物質", "kankyo", "kankyo-taisaku"), ("鳥獣", "kankyo", "kankyo-taisaku"),
    ("消防", "shobo", "shobo-yobo"), ("危険物", "shobo", "shobo-yobo"), ("火薬", "shobo", "shobo-yobo"),
    ("高圧ガス", "shobo", "shobo-yobo"), ("液化石油", "shobo", "shobo-yobo"), ("防火", "shobo", "shobo-shido"),
    ("救急", "shobo", "shobo-kyukyu"), ("救命", "shobo", "shobo-kyukyu"), ("火災", "shobo", "shobo-yobo"),
    ("消火", "shobo", "shobo-yobo"), ("防災管理", "shobo", "shobo-shido"), ("危険", "shobo", "shobo-yobo"),
    ("税", "zaisei", "zaisei-zeisei"), ("選挙", "senkyo", "senkyo-senkyo"), ("政治資金", "senkyo", "senkyo-senkyo"),
    ("戸籍", "shimin", "shimin-shimin"), ("住民", "shimin", "shimin-shimin"), ("印鑑", "shimin", "shimin-shimin"),
    ("転入", "shimin", "shimin-shimin"), ("転出", "shimin", "shimin-shimin"), ("転居", "shimin", "shimin-shimin"),
    ("個人番号", "shimin", "shimin-shimin"), ("外国人", "shimin", "shimin-shimin"), ("旅券", "shimin", "shimin-shimin"),
    ("火葬", "shimin", "shimin-shimin"), ("埋葬", "shimin", "shimin-shimin"), ("地縁", "shimin", "shimin-chiiki"),
    ("消費者", "shimin", "shimin-shohi"), ("消費生活", "shimin", "shimin-shohi"), ("特定非営利", "shimin", "shimin-chiiki"), ("自治会", "shimin", "shimin-chiiki"),
    ("学校", "kyoiku", "kyoiku-gakuji"), ("教育", "kyoiku", "kyoiku-gakuji"), ("図書館", "kyoiku", "kyoiku-toshokan"),
    ("文化財", "kanko", "kanko-bunka"), ("博物館", "kanko", "kanko-bunka"), ("旅行", "kanko", "kanko-kanko"),
    ("災害", "bosai", "bosai-kiki"), ("避難", "bosai", "bosai-chiiki"), ("国民保護", "bosai", "bosai-kiki"),
    ("計量", "keizai", "keizai-keiryo"), ("中小企業", "keizai", "keizai-chusho"), ("商店", "keizai", "keizai-shogyo"),
    ("市場", "keizai", "keizai-shogyo"), ("大規模小売", "keizai", "keizai-shogyo"), ("労働", "keizai", "keizai-sangyo"),
    ("職業", "keizai", "keizai-sangyo"), ("協同組合", "keizai", "keizai-chusho"), ("漁", "keizai", "keizai-sangyo"),
    ("港", "keizai", "keizai-sangyo"), ("自動車", "kotsu", "kotsu-eigyo"), ("バス", "kotsu", "kotsu-eigyo"),
    ("鉄道", "kotsu", "kotsu-eigyo"), ("軌道", "kotsu", "kotsu-eigyo"),
]

BY_MINISTRY = {
    "厚生労働省": ("kenko", "kenko-zoshin"), "こども家庭庁": ("kodomo", "kodomo-kosodate"),
    "国土交通省": ("jutaku", "jutaku-keikaku"), "農林水産省": ("ryokusei", "ryokusei-nogyo"),
    "総務省": ("somu", "somu-somu"), "経済産業省": ("keizai", "keizai-sangyo"), "環境省": ("kankyo", "kankyo-taisaku"),
    "文部科学省": ("kyoiku", "kyoiku-shogai"), "内閣府": ("bosai", "bosai-kiki"), "法務省": ("shimin", "shimin-shimin"),
    "財務省": ("zaisei", "zaisei-zeisei"), "金融庁": ("keizai", "keizai-chusho"), "消費者庁": ("shimin", "shimin-shohi"),
    "復興庁": ("bosai", "bosai-kiki"), "個人情報保護委員会": ("somu", "somu-joho"), "外務省": ("kanko", "kanko-kokusai"),
}

TAGS = [
    ("介護", "介護"), ("障害", "障害福祉"), ("保育", "保育"), ("児童", "子ども"), ("国民健康保険", "国民健康保険"),
    ("年金", "年金"), ("生活保護", "生活保護"), ("食品", "食品衛生"), ("薬", "薬事"), ("医療", "医療"),
    ("建築", "建築"), ("開発", "開発"), ("都市計画", "都市計画"), ("区画整理", "区画整理"), ("道路", "道路"),
    ("河川", "河川"), ("公園", "公園"), ("下水", "下水道"), ("水道", "水道"), ("農地", "農地"), ("農業", "農業"),
    ("森林", "森林"), ("漁", "水産"), ("税", "税"), ("選挙", "選挙"), ("消防", "消防"), ("火薬", "危険物"),
    ("高圧ガス", "高圧ガス"), ("危険物", "危険物"), ("廃棄物", "廃棄物"), ("騒音", "騒音・振動"), ("振動", "騒音・振動"),
    ("大気", "大気"), ("水質", "水質"), ("土壌", "土壌"), ("浄化槽", "浄化槽"), ("墓地", "墓地"), ("旅館", "旅館業"),
    ("理容", "理容・美容"), ("美容", "理容・美容"), ("計量", "計量"), ("屋外広告", "広告"), ("景観", "景観"),
    ("住宅", "住宅"), ("学校", "学校"), ("教育", "教育"), ("文化財", "文化財"), ("戸籍", "戸籍"), ("住民", "住民票"),
    ("災害", "災害"), ("動物", "動物"), ("犬", "ペット"), ("協同組合", "協同組合"), ("労働", "労働"),
]
KINDS = [("許可", "許可"), ("認可", "認可"), ("届出", "届出"), ("届", "届出"), ("登録", "登録"), ("申請", "申請"),
         ("報告", "報告"), ("承認", "承認"), ("指定", "指定")]

EVENTS = [("引越し", "引越し"), ("妊娠", "妊娠・出産"), ("出生", "妊娠・出産"), ("こども", "子育て"), ("介護", "介護"),
          ("死亡", "死亡・相続"), ("結婚", "結婚・離婚"), ("就職", "就職・退職"), ("医療", "健康・医療"),
          ("税金", "税金"), ("住宅", "住まい"), ("自動車", "交通"), ("年金", "福祉")]
BUSINESS_EVENTS = ("新しい事業の開始", "法人の", "事務所の", "作業ごとの報告等", "定期的な報告等", "職員の採用")

@functools.cache
def tagger():
    import fugashi  # needed to write the file, not to read the pool

    return fugashi.Tagger()


def reading(name):
    """The name's reading in hiragana, a space between words, as UniDic
    reads each word (住民票 → じゅうみん ひょう); words without a reading
    (Latin letters, digits) are left out, as before."""
    parts = []
    for word in tagger()(name):
        kana = word.feature.kana or word.surface
        hira = "".join(chr(ord(c) - 0x60) if "\u30a1" <= c <= "\u30f6" else c for c in kana)
        hira = re.sub(r"[^\u3041-\u3096ー]", "", hira)
        if hira:
            parts.append(hira)
    return " ".join(parts)


def owner(name, ministry):
    for keyword, bureau, section in BY_KEYWORD:
        if keyword in name:
            return bureau, section
    return BY_MINISTRY.get(ministry, ("somu", "somu-somu"))


def tags_of(name):
    tags = [tag for keyword, tag in TAGS if keyword in name][:2]
    kind = next((tag for keyword, tag in KINDS if keyword in name), None)
    if kind and kind not in tags:
        tags.append(kind)
    return tags


def events_of(row):
    personal = row["手続が行われるイベント(個人)"]
    events = []
    for keyword, event in EVENTS:
        if keyword in personal and event not in events:
            events.append(event)
    if any(k in row["手続が行われるイベント(法人)"] for k in BUSINESS_EVENTS):
        events.append("事業・営業")
    return events or ["その他"]


def toml_str(value):
    return json.dumps(value, ensure_ascii=False)


def named_and_city():
    """The named procedures and the hand-written city procedures, which come first."""
    named = tomllib.loads((HERE / "named-procedures.toml").read_text())["named"]
    city = tomllib.loads((HERE / "city-procedures.toml").read_text())["listed"]
    return named, city


def candidates(source):
    """Every inventory row a city would receive: name -> (annual count, row, bureau, section)."""
    named, city = named_and_city()
    taken = {n["name"] for n in named} | {c["name"] for c in city}
    rows = csv.DictReader(gzip.open(source, "rt", encoding="utf-8"))
    found = {}
    for r in rows:
        name = r["手続名"].strip()
        if not (r["事務区分"][:1] in "123" and r["事務区分"]):
            continue
        if not r["手続類型"].startswith("1 "):
            continue
        if not ("国民" in r["手続主体"] or "民間" in r["手続主体"]) or "地方" not in r["手続の受け手"]:
            continue
        if "警察" in r["所管府省庁"] or len(name) > 36 or name in taken or name in found:
            continue
        count = int(r["総手続件数"] or 0) if (r["総手続件数"] or "0").isdigit() else 0
        found[name] = (count, r, *owner(name, r["所管府省庁"]))
    return found


def main(source):
    """Takes for each bureau as many procedures as bureau-plan.toml gives it,
    less its named and city procedures, those with the most cases first."""
    named, city = named_and_city()
    cells = tomllib.loads((HERE / "bureau-plan.toml").read_text())["cell"]
    wanted = {}
    for cell in cells:
        wanted[cell["bureau"]] = wanted.get(cell["bureau"], 0) + cell["procedures"]
    for entry in named + city:
        wanted[entry["bureau"]] -= 1
    by_bureau = {}
    for name, entry in candidates(source).items():
        by_bureau.setdefault(entry[2], []).append((name, entry))
    chosen = []
    for bureau, count in sorted(wanted.items()):
        pool = sorted(by_bureau.get(bureau, []), key=lambda kv: (-kv[1][0], kv[0]))
        if not 0 <= count <= len(pool):
            sys.exit(f"{bureau}: {count} procedures wanted, {len(pool)} in the inventory")
        chosen += pool[:count]
    chosen.sort(key=lambda kv: kv[0])
    out = [
        "# Generated by build_inventory.py from デジタル庁「行政手続等の棚卸調査結果」(R6):",
        "# real names and legal bases of procedures residents and businesses bring to a city.",
        "",
    ]
    for name, (_, r, bureau, section) in chosen:
        basis = " ".join(x for x in (r["法令名"].strip(), r["根拠条項号"].strip()) if x)
        out += [
            "[[listed]]",
            f"name = {toml_str(name)}",
            f"kana = {toml_str(reading(name))}",
            f"bureau = {toml_str(bureau)}",
            f"section = {toml_str(section)}",
            f"legal_kind = {toml_str('法令')}",
            f"legal_basis = {toml_str(basis)}",
            f"life_events = {toml_str(events_of(r))}",
            f"tags = {toml_str(tags_of(name))}",
            "",
        ]
    (HERE / "inventory-procedures.toml").write_text("\n".join(out))
    print(f"{len(chosen)} procedures written")


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "../shared/data/jp-procedures-survey-r6.csv.gz")
