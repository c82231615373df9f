"""Numbers as reports write them: Arabic (`749`, `1,295`, full-width `１２９５`) and Chinese
(`二十三`, `一百零五`, `两千`, `二〇二四`).

Chinese numerals come in two forms: with place units (`二十三` = 23, `一百零五` = 105, `两千` = 2000,
`一万二千` = 12000), and digit by digit (`二〇二四` = 2024, used for years). Anything else is not a
number here: `三五` ("three or five"), `十几`, `数十` and other approximations give None, so a
rule never compares a count that the report did not state exactly.
"""
from __future__ import annotations

import re
import unicodedata
from typing import Optional, Union

DIGITS = {"〇": 0, "○": 0, "零": 0, "一": 1, "壹": 1, "二": 2, "贰": 2, "两": 2, "三": 3, "叁": 3,
          "四": 4, "肆": 4, "五": 5, "伍": 5, "六": 6, "陆": 6, "七": 7, "柒": 7, "八": 8, "捌": 8,
          "九": 9, "玖": 9}
SMALL_UNITS = {"十": 10, "拾": 10, "百": 100, "佰": 100, "千": 1000, "仟": 1000}
LARGE_UNITS = {"万": 10 ** 4, "萬": 10 ** 4, "亿": 10 ** 8, "億": 10 ** 8}
CHINESE_CHARS = "".join(DIGITS) + "".join(SMALL_UNITS) + "".join(LARGE_UNITS)

#: one Chinese numeral (a run of numeral characters)
CHINESE_NUMBER = f"[{CHINESE_CHARS}]+"
#: one Arabic number: digits with optional thousands separators and decimals
ARABIC_NUMBER = r"\d+(?:,\d{3})*(?:\.\d+)?"
#: either form; use `parse_number` on the match
NUMBER = f"(?:{ARABIC_NUMBER}|{CHINESE_NUMBER})"

_ARABIC_FULL = re.compile(rf"^{ARABIC_NUMBER}$")

Number = Union[int, float]


def chinese_to_int(text: str) -> Optional[int]:
    """The value of a Chinese numeral, or None when `text` is not exactly one number.

    >>> chinese_to_int("二十三"), chinese_to_int("一百零五"), chinese_to_int("两千"), chinese_to_int("二〇二四")
    (23, 105, 2000, 2024)
    """
    if not text or any(ch not in CHINESE_CHARS for ch in text):
        return None
    if all(ch in DIGITS for ch in text):
        if len(text) == 1:
            return DIGITS[text]
        # digit by digit (二〇二四, 一〇五); two digits side by side (三五, 七八) are an
        # approximation ("three or five"), and 两 or a leading 零 are not written this way
        if "两" in text or text[0] in "零〇○":
            return None
        if len(text) < 4 and not (len(text) == 3 and any(ch in "〇○零" for ch in text)):
            return None
        return int("".join(str(DIGITS[ch]) for ch in text))
    total = 0  # finished groups of 万/亿
    section = 0  # the current group below 万
    number = None  # the digit waiting for its unit
    last_small = 10 ** 5  # units inside a group must descend: 千 > 百 > 十
    last_large = 10 ** 13
    zero_seen = False
    for i, ch in enumerate(text):
        if ch in DIGITS:
            value = DIGITS[ch]
            if value == 0:
                if number is not None:
                    return None  # 三零 is no numeral
                zero_seen = True
                continue
            if number is not None:
                return None  # 三五: two digits without a unit, an approximation
            if ch == "两" and i + 1 < len(text) and text[i + 1] == "十":
                return None  # 两十 is not written
            number = value
        elif ch in SMALL_UNITS:
            unit = SMALL_UNITS[ch]
            if unit >= last_small:
                return None
            if number is None:
                if unit == 10 and section == 0 and not zero_seen:
                    number = 1  # 十三 = 13, 十 = 10
                elif unit == 10 and zero_seen:
                    number = 1  # 一百零十 is not standard but reads as 110
                else:
                    return None  # 百 alone, 千百
            section += number * unit
            number = None
            last_small = unit
            zero_seen = False
        else:  # large unit
            unit = LARGE_UNITS[ch]
            group = section + (number or 0)
            if group == 0 or unit >= last_large:
                return None
            total += group * unit
            section, number = 0, None
            last_small = 10 ** 5
            last_large = unit
            zero_seen = False
    if number and not zero_seen and (section and last_small > 10 or not section and total):
        # 二百五 (250) and 一万二 (12000) are spoken shorthand, ambiguous in writing: not a count
        # we trust
        return None
    return total + section + (number or 0)


def parse_number(text: str) -> Optional[Number]:
    """An Arabic or Chinese number as int (or float when it has decimals); None when `text` is
    not exactly one number. Full-width digits and thousands separators are accepted."""
    if text is None:
        return None
    s = unicodedata.normalize("NFKC", str(text)).strip()
    if not s:
        return None
    if _ARABIC_FULL.match(s):
        s = s.replace(",", "")
        return float(s) if "." in s else int(s)
    return chinese_to_int(s)


def is_chinese(text: str) -> bool:
    return bool(text) and all(ch in CHINESE_CHARS for ch in text)
