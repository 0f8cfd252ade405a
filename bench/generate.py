#!/usr/bin/env python3
"""Deterministic synthetic itreg repository, for benchmarks.

    python3 bench/generate.py --assets 10000 --out /dev/shm/itreg-10k
    python3 bench/generate.py --assets 10000 --out R --hugo H      # + Hugo twin
    python3 bench/generate.py --assets 10000 --out R --zola Z      # + Zola twin
    python3 bench/generate.py --assets 10000 --out R --git-commits 2000 --git-files 1000

Writes records/ (every register). The unit tree has one of two shapes:

  --shape bhxh (default)  the agency's real shape: the central office and its
                      IT centre, 63 provinces (each with its IT department)
                      and 693 districts, 8 to 30 per province: 821 units
                      whatever N is.
  --shape scaled      the older shape that grows with N: ~N/2000 provinces
                      and ~N/400 districts (352 units at 100k).

The other registers follow N: ~N/4 staff (at least 4 per unit),
~N/500 software, one network and one access record per unit, ~N/2000
databases with monthly/quarterly/yearly backups, a mail account per staff
member named by the QC1114 Đ7 rule), copies schema/ and procedures/ from the
itreg checkout, and passes `itreg check --today 2026-11-23` with zero errors.

Options:
  --hugo DIR          also write a Hugo site with one Markdown page per record
                      (the same fields in a table) and a minimal layout.
  --quote-dates       write dates and date-times as quoted strings (the same
                      records; for validators whose YAML loader turns bare
                      dates into Date objects, such as ajv-cli's js-yaml 3).
  --git-commits C --git-files F
                      make the output a git repository whose history touches
                      F record files across C commits (git fast-import).

Python 3 standard library only. The same --seed and --assets give the same
bytes.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import math
import os
import random
import re
import shutil
import subprocess
import sys
import unicodedata
from pathlib import Path

TODAY = dt.date(2026, 11, 23)
ITREG = Path(__file__).resolve().parent.parent  # the itreg checkout


# --------------------------------------------------------------- text helpers

def fold(text: str) -> str:
    """Lower case without Vietnamese diacritics; đ → d (as itreg folds)."""
    text = text.replace("đ", "d").replace("Đ", "D")
    nfd = unicodedata.normalize("NFD", text)
    return "".join(c for c in nfd if not unicodedata.combining(c)).lower()


def slug(text: str) -> str:
    return "-".join(w for w in re.split(r"[^a-z0-9]+", fold(text)) if w)


def mail_local_part(full_name: str) -> str:
    """QC1114 Đ7: given name + family initial + middle initials."""
    words = ["".join(c for c in fold(w) if "a" <= c <= "z") for w in full_name.split()]
    words = [w for w in words if w]
    given, rest = words[-1], words[:-1]
    return given + "".join(w[0] for w in rest)


class DateTime(str):
    """An RFC 3339 date-time, written bare like a date."""


# ------------------------------------------------------------------ YAML out

_RESERVED = {"", "~", "null", "true", "false", "yes", "no", "on", "off", "y", "n"}
_NUMBERISH = re.compile(r"^[-+.]?[0-9][0-9_:.,eE+-]*$")


def _plain_ok(s: str, flow: bool) -> bool:
    if s.lower() in _RESERVED or s != s.strip() or "\n" in s or "\t" in s:
        return False
    if s[0] in "-?:,[]{}#&*!|>'\"%@`" or _NUMBERISH.match(s):
        return False
    if ": " in s or " #" in s or s.endswith(":"):
        return False
    if flow and any(c in s for c in ",[]{}"):
        return False
    return True


class Yaml:
    def __init__(self, quote_dates: bool):
        self.quote_dates = quote_dates

    def scalar(self, v, flow=False) -> str:
        if v is None:
            return "~"
        if v is True:
            return "true"
        if v is False:
            return "false"
        if isinstance(v, (int, float)):
            return str(v)
        if isinstance(v, (dt.date, DateTime)):
            s = v.isoformat() if isinstance(v, dt.date) else str(v)
            return json.dumps(s) if self.quote_dates else s
        s = str(v)
        return s if _plain_ok(s, flow) else json.dumps(s, ensure_ascii=False)

    def flow(self, v) -> str:
        if isinstance(v, dict):
            return "{ " + ", ".join(f"{k}: {self.flow(x)}" for k, x in v.items()) + " }"
        if isinstance(v, list):
            return "[" + ", ".join(self.flow(x) for x in v) + "]"
        return self.scalar(v, flow=True)

    @staticmethod
    def _flowable(v) -> bool:
        if isinstance(v, dict):
            return all(Yaml._flowable(x) for x in v.values())
        if isinstance(v, list):
            return all(not isinstance(x, (dict, list)) for x in v)
        return not (isinstance(v, str) and "\n" in v)

    def mapping(self, d: dict, indent: int, out: list[str]) -> None:
        pad = " " * indent
        for k, v in d.items():
            if isinstance(v, dict):
                text = self.flow(v)
                if self._flowable(v) and len(text) <= 100:
                    out.append(f"{pad}{k}: {text}")
                else:
                    out.append(f"{pad}{k}:")
                    self.mapping(v, indent + 2, out)
            elif isinstance(v, list):
                if not v:
                    out.append(f"{pad}{k}: []")
                elif all(not isinstance(x, (dict, list)) for x in v) and len(self.flow(v)) <= 100:
                    out.append(f"{pad}{k}: {self.flow(v)}")
                else:
                    out.append(f"{pad}{k}:")
                    for item in v:
                        self.item(item, indent + 2, out)
            elif isinstance(v, str) and "\n" in v:
                out.append(f"{pad}{k}: |")
                for line in v.rstrip("\n").split("\n"):
                    out.append(f"{pad}  {line}" if line else "")
            else:
                out.append(f"{pad}{k}: {self.scalar(v)}")

    def item(self, v, indent: int, out: list[str]) -> None:
        pad = " " * indent
        if isinstance(v, dict):
            text = self.flow(v)
            if self._flowable(v) and len(text) <= 110:
                out.append(f"{pad}- {text}")
                return
            sub: list[str] = []
            self.mapping(v, indent + 2, sub)
            sub[0] = pad + "- " + sub[0][indent + 2:]
            out.extend(sub)
        else:
            out.append(f"{pad}- {self.scalar(v)}")

    def dump(self, d: dict) -> str:
        out: list[str] = []
        self.mapping(d, 0, out)
        return "\n".join(out) + "\n"


# ------------------------------------------------------------------ the world

PROVINCES = [
    ("01", "thành phố", "Hà Nội", "hanoi"), ("79", "thành phố", "Hồ Chí Minh", "hochiminh"),
    ("31", "thành phố", "Hải Phòng", "haiphong"), ("48", "thành phố", "Đà Nẵng", "danang"),
    ("92", "thành phố", "Cần Thơ", "cantho"), ("36", "tỉnh", "Nam Định", "namdinh"),
    ("38", "tỉnh", "Thanh Hóa", "thanhhoa"), ("40", "tỉnh", "Nghệ An", "nghean"),
    ("22", "tỉnh", "Quảng Ninh", "quangninh"), ("27", "tỉnh", "Bắc Ninh", "bacninh"),
    ("30", "tỉnh", "Hải Dương", "haiduong"), ("34", "tỉnh", "Thái Bình", "thaibinh"),
    ("75", "tỉnh", "Đồng Nai", "dongnai"), ("74", "tỉnh", "Bình Dương", "binhduong"),
    ("56", "tỉnh", "Khánh Hòa", "khanhhoa"), ("46", "tỉnh", "Thừa Thiên Huế", "hue"),
    ("02", "tỉnh", "Hà Giang", "hagiang"), ("04", "tỉnh", "Cao Bằng", "caobang"),
    ("06", "tỉnh", "Bắc Kạn", "backan"), ("08", "tỉnh", "Tuyên Quang", "tuyenquang"),
    ("10", "tỉnh", "Lào Cai", "laocai"), ("11", "tỉnh", "Điện Biên", "dienbien"),
    ("12", "tỉnh", "Lai Châu", "laichau"), ("14", "tỉnh", "Sơn La", "sonla"),
    ("15", "tỉnh", "Yên Bái", "yenbai"), ("17", "tỉnh", "Hòa Bình", "hoabinh"),
    ("19", "tỉnh", "Thái Nguyên", "thainguyen"), ("20", "tỉnh", "Lạng Sơn", "langson"),
    ("24", "tỉnh", "Bắc Giang", "bacgiang"), ("25", "tỉnh", "Phú Thọ", "phutho"),
    ("26", "tỉnh", "Vĩnh Phúc", "vinhphuc"), ("33", "tỉnh", "Hưng Yên", "hungyen"),
    ("35", "tỉnh", "Hà Nam", "hanam"), ("37", "tỉnh", "Ninh Bình", "ninhbinh"),
    ("42", "tỉnh", "Hà Tĩnh", "hatinh"), ("44", "tỉnh", "Quảng Bình", "quangbinh"),
    ("45", "tỉnh", "Quảng Trị", "quangtri"), ("49", "tỉnh", "Quảng Nam", "quangnam"),
    ("51", "tỉnh", "Quảng Ngãi", "quangngai"), ("52", "tỉnh", "Bình Định", "binhdinh"),
    ("54", "tỉnh", "Phú Yên", "phuyen"), ("58", "tỉnh", "Ninh Thuận", "ninhthuan"),
    ("60", "tỉnh", "Bình Thuận", "binhthuan"), ("62", "tỉnh", "Kon Tum", "kontum"),
    ("64", "tỉnh", "Gia Lai", "gialai"), ("66", "tỉnh", "Đắk Lắk", "daklak"),
    ("67", "tỉnh", "Đắk Nông", "daknong"), ("68", "tỉnh", "Lâm Đồng", "lamdong"),
    ("70", "tỉnh", "Bình Phước", "binhphuoc"), ("72", "tỉnh", "Tây Ninh", "tayninh"),
    ("77", "tỉnh", "Bà Rịa – Vũng Tàu", "bariavungtau"), ("80", "tỉnh", "Long An", "longan"),
    ("82", "tỉnh", "Tiền Giang", "tiengiang"), ("83", "tỉnh", "Bến Tre", "bentre"),
    ("84", "tỉnh", "Trà Vinh", "travinh"), ("86", "tỉnh", "Vĩnh Long", "vinhlong"),
    ("87", "tỉnh", "Đồng Tháp", "dongthap"), ("89", "tỉnh", "An Giang", "angiang"),
    ("91", "tỉnh", "Kiên Giang", "kiengiang"), ("93", "tỉnh", "Hậu Giang", "haugiang"),
    ("94", "tỉnh", "Sóc Trăng", "soctrang"), ("95", "tỉnh", "Bạc Liêu", "baclieu"),
    ("96", "tỉnh", "Cà Mau", "camau"),
]

SYLLABLES = ("An Bình Cẩm Đông Gia Hải Hòa Hưng Kim Lạc Long Mỹ Nam Ninh Phú Phong "
             "Quảng Tân Thạch Thanh Thuận Tiên Triệu Vĩnh Xuân Yên Đức Lộc Sơn Hà "
             "Lâm Thọ Định Giang Hậu Lương Trực Nghĩa Phước Thành Ý Cầu Văn Chương").split()

FAMILIES = [("Nguyễn", 38), ("Trần", 11), ("Lê", 9), ("Phạm", 7), ("Hoàng", 5),
            ("Huỳnh", 4), ("Phan", 4), ("Vũ", 4), ("Võ", 3), ("Đặng", 2), ("Bùi", 2),
            ("Đỗ", 2), ("Hồ", 1), ("Ngô", 1), ("Dương", 1), ("Lý", 1), ("Đinh", 1),
            ("Mai", 1), ("Trịnh", 1), ("Đoàn", 1), ("Lưu", 1), ("Cao", 1), ("Tạ", 1),
            ("Lương", 1), ("Phùng", 1), ("Vương", 1)]
MIDDLE_M = "Văn Văn Văn Đức Minh Quang Hữu Công Xuân Thanh Hoàng Quốc Tiến Mạnh Đình Ngọc".split()
MIDDLE_F = "Thị Thị Thị Thu Ngọc Thanh Hồng Thúy Kim Minh Phương Lan Bích Hải".split()
GIVEN_M = ("Anh Bình Cường Dũng Đức Hải Hiếu Hùng Huy Khánh Long Minh Nam Phong Quân "
           "Sơn Thắng Thành Toàn Trung Tuấn Việt Vinh Hoàng Hưng Khoa Lâm Lộc Tùng Đạt").split()
GIVEN_F = ("Anh Hà Hạnh Hằng Hoa Hương Lan Linh Loan Mai Nga Ngọc Nhung Oanh Phương "
           "Quỳnh Thảo Thu Trang Vân Yến Hồng Giang Huyền Liên Dung Hiền Thủy Trâm Chi").split()

POSITIONS = ["Chuyên viên", "Chuyên viên chính", "Kế toán viên", "Cán bộ thu",
             "Cán bộ sổ thẻ", "Cán bộ giám định", "Cán bộ một cửa", "Văn thư", "Cán sự",
             "Kiểm tra viên", "Chuyên viên chế độ BHXH"]

SUPPLIERS = ["Công ty TNHH Tin học ABC", "Công ty Cổ phần Giải pháp Công nghệ An Phát",
             "Công ty TNHH Thương mại và Dịch vụ Tin học Hoàng Long",
             "Công ty Cổ phần Hệ thống Thông tin Đông Á",
             "Công ty Cổ phần Viễn thông Tin học Thăng Long",
             "Công ty TNHH Thiết bị Văn phòng Minh Khang", "Công ty Cổ phần FPT IS",
             "Công ty TNHH Máy tính Nam Việt"]

# (category, type, code, share, [(model, config)], maintenance note)
DEVICES = [
    ("computer", "desktop", "PC", 40, [
        ("Máy tính để bàn Dell OptiPlex 7010", "Core i5-3470, RAM 8 GB, SSD 256 GB, Windows 10 Pro"),
        ("Máy tính để bàn Dell OptiPlex 5000 Tower", "Core i5-12500, RAM 16 GB, SSD 512 GB, Windows 11 Pro"),
        ("Máy tính để bàn HP ProDesk 400 G7 SFF", "Core i5-10500, RAM 8 GB, SSD 256 GB, Windows 10 Pro"),
        ("Máy tính để bàn Lenovo ThinkCentre M70s", "Core i5-10400, RAM 8 GB, SSD 512 GB, Windows 11 Pro"),
        ("Máy tính để bàn FPT Elead T8500", "Core i3-10105, RAM 8 GB, SSD 256 GB, Windows 10 Pro"),
     ], "Vệ sinh máy, kiểm tra ổ cứng, cập nhật Windows và phần mềm diệt virus."),
    ("computer", "laptop", "NB", 10, [
        ("Máy tính xách tay HP ProBook 450 G9", "Core i5-1235U, RAM 8 GB, SSD 512 GB, Windows 11 Pro"),
        ("Máy tính xách tay Dell Latitude 3420", "Core i5-1135G7, RAM 8 GB, SSD 256 GB, Windows 10 Pro"),
        ("Máy tính xách tay Lenovo ThinkPad E14", "Core i7-1255U, RAM 16 GB, SSD 512 GB, Windows 11 Pro"),
     ], "Vệ sinh bàn phím, kiểm tra pin và ổ cứng, cập nhật Windows và phần mềm diệt virus."),
    ("computer", "server", "SRV", 3, [
        ("Máy chủ Dell PowerEdge T340", "Intel Xeon E-2234, RAM 32 GB, 4 x HDD 2 TB RAID 10, Windows Server 2019"),
        ("Máy chủ HPE ProLiant DL380 Gen10", "2 x Xeon Silver 4214, RAM 128 GB, 8 x SAS 1,2 TB RAID 6, Oracle Linux 8"),
        ("Máy chủ Lenovo ThinkSystem SR650", "2 x Xeon Silver 4210R, RAM 64 GB, 6 x SAS 900 GB RAID 5"),
     ], "Kiểm tra nhật ký hệ thống, trạng thái RAID, quạt và nguồn; vệ sinh bụi; cập nhật firmware nếu có."),
    ("printer", "laser", "PRT", 12, [
        ("Máy in laser HP LaserJet Pro M404dn", "In laser đen trắng A4, in hai mặt, cổng mạng"),
        ("Máy in laser Canon LBP 2900", "In laser đen trắng A4, USB"),
        ("Máy in laser Brother HL-L5100DN", "In laser đen trắng A4, in hai mặt, cổng mạng"),
     ], "Vệ sinh trống, kiểm tra hộp mực và đường dẫn giấy."),
    ("printer", "dot-matrix", "PRT", 5, [
        ("Máy in kim Epson LQ-310", "Máy in kim 24 kim, khổ A4, in liên tục"),
        ("Máy in kim Epson LQ-2190", "Máy in kim 24 kim, khổ A3, in liên tục"),
     ], "Vệ sinh đầu kim, trục kéo giấy; kiểm tra ruy băng mực."),
    ("printer", "inkjet", "PRT", 2, [
        ("Máy in phun màu Epson L3250", "In phun màu A4, hệ thống mực liên tục, Wi-Fi"),
     ], "Vệ sinh đầu phun, kiểm tra mực."),
    ("printer", "special", "PRT", 1, [
        ("Máy in thẻ BHYT Evolis Primacy 2", "In thẻ nhựa hai mặt, cổng USB và mạng"),
     ], "Vệ sinh đầu in, con lăn; kiểm tra ruy băng."),
    ("other", "scanner", "SCN", 5, [
        ("Máy quét Canon DR-C225 II", "Quét hai mặt 25 trang/phút, khay nạp tự động"),
        ("Máy quét Fujitsu fi-7160", "Quét hai mặt 60 trang/phút, khay nạp 80 tờ"),
     ], "Vệ sinh kính quét và con lăn nạp giấy."),
    ("power", "ups", "UPS", 6, [
        ("Bộ lưu điện APC Smart-UPS SMT1500IC", "1,5 kVA line-interactive, giám sát qua SmartConnect"),
        ("Bộ lưu điện Santak C3K", "3 kVA online, ắc quy trong"),
        ("Bộ lưu điện APC Back-UPS BX1100LI", "1,1 kVA, dùng cho máy trạm"),
     ], "Kiểm tra ắc quy, chạy thử chế độ lưu điện 5 phút, xem nhật ký sự kiện."),
    ("power", "avr", "AVR", 1, [("Ổn áp LiOA SH-10000", "10 kVA, một pha")],
     "Kiểm tra điện áp ra, vệ sinh chổi than."),
    ("network", "switch", "SW", 4, [
        ("Thiết bị chuyển mạch Cisco Catalyst 2960-24TT-L", "24 cổng 10/100, 2 cổng uplink 10/100/1000"),
        ("Thiết bị chuyển mạch HPE Aruba 2530-24G", "24 cổng 10/100/1000, 4 cổng SFP"),
     ], "Kiểm tra đèn trạng thái và cổng, sao lưu cấu hình, vệ sinh bụi."),
    ("network", "router", "RT", 1, [
        ("Bộ định tuyến Cisco ISR 1111-4P", "4 cổng LAN GE, 2 cổng WAN GE/SFP"),
        ("Bộ định tuyến Cisco ISR 4331", "3 cổng WAN GE, hỗ trợ IPsec"),
     ], "Kiểm tra trạng thái kết nối, sao lưu cấu hình, kiểm tra bản vá phần mềm."),
    ("network", "modem", "MD", 1, [("Modem quang Huawei HG8145V5", "GPON, 4 cổng LAN GE, Wi-Fi")],
     "Kiểm tra kết nối và đèn tín hiệu."),
    ("storage", "external-disk", "HDD", 2, [
        ("Ổ cứng gắn ngoài Seagate Expansion 2 TB (STKM2000400)", "2 TB, USB 3.0"),
        ("Ổ cứng gắn ngoài WD Elements 4 TB", "4 TB, USB 3.0"),
     ], "Kiểm tra SMART, dung lượng còn trống, đọc thử bản sao lưu gần nhất."),
    ("storage", "tape", "TAPE", 1, [("Ổ băng từ HPE StoreEver LTO-7", "LTO-7, SAS")],
     "Vệ sinh đầu đọc bằng băng làm sạch, kiểm tra nhật ký lỗi."),
    ("other", "card-reader", "CRD", 2, [("Đầu đọc thẻ căn cước gắn chip CCCD-R01", "Đọc thẻ NFC, USB")],
     "Kiểm tra kết nối và cập nhật trình điều khiển."),
    ("other", "dehumidifier", "DHM", 1, [("Máy hút ẩm Edison ED-27B", "27 lít/ngày")],
     "Vệ sinh lưới lọc, xả nước, kiểm tra độ ẩm phòng."),
]
PERSONAL = {"desktop", "laptop"}
GUARDED_TYPES = {"server", "switch", "router", "modem"}   # kept in the server room

SOFTWARE = [
    # id, name, description, kind, vendor, version, scope
    ("tst", "Phần mềm quản lý thu, sổ thẻ (TST)", "Quản lý thu BHXH, BHYT, BHTN và cấp sổ, thẻ.", "business-national", "Trung tâm Công nghệ thông tin", "5.2.14", "all"),
    ("vssid-thu", "Phần mềm quản lý thu", "Ứng dụng thu và quản lý người tham gia trên nền tảng VssID.", "business-national", "Trung tâm Công nghệ thông tin", "3.2.1", "all"),
    ("giam-dinh-bhyt", "Hệ thống thông tin giám định BHYT", "Tiếp nhận và giám định dữ liệu khám chữa bệnh BHYT.", "business-national", "Trung tâm Giám định BHYT", "2.8.0", "all"),
    ("mot-cua", "Phần mềm tiếp nhận và quản lý hồ sơ một cửa", "Tiếp nhận, luân chuyển và trả kết quả hồ sơ.", "business-national", "Trung tâm Công nghệ thông tin", "4.1.3", "all"),
    ("ke-toan", "Phần mềm kế toán BHXH", "Kế toán thu chi quỹ BHXH, BHYT, BHTN.", "business-national", "Trung tâm Công nghệ thông tin", "2.3.0", "all"),
    ("chi-tra", "Phần mềm quản lý chi trả chế độ BHXH", "Xét duyệt và chi trả lương hưu, trợ cấp.", "business-national", "Trung tâm Công nghệ thông tin", "3.0.7", "all"),
    ("ms-office", "Microsoft Office LTSC Standard 2021", "Bộ phần mềm văn phòng trên máy trạm.", "office", "Microsoft", "2021 (16.0.14332)", "all"),
    ("windows-server", "Windows Server 2019 Standard", "Hệ điều hành máy chủ.", "system", "Microsoft", "1809 (17763)", "servers"),
    ("oracle-db", "Oracle Database 19c Enterprise Edition", "Hệ quản trị CSDL cho các CSDL nghiệp vụ tập trung.", "dbms", "Oracle", "19.21", "it"),
    ("kaspersky-endpoint", "Kaspersky Endpoint Security for Business Select", "Phần mềm phòng chống mã độc cho máy trạm và máy chủ.", "security", "Kaspersky", "12.8", "all"),
    ("zimbra", "Zimbra Collaboration (thư điện tử công vụ)", "Hệ thống thư điện tử vss.gov.vn.", "communication", "Synacor", "10.0.6", "central"),
    ("unikey", "UniKey", "Bộ gõ tiếng Việt.", "utility", "Phạm Kim Long", "4.3 RC5", "all"),
    ("foxit-reader", "Foxit PDF Reader", "Đọc và ký số tệp PDF.", "utility", "Foxit Software", "2024.2", "all"),
    ("7zip", "7-Zip", "Nén và giải nén tệp.", "utility", "Igor Pavlov", "23.01", "all"),
    ("vnpt-ca", "Phần mềm ký số VNPT-CA", "Ký số văn bản điện tử.", "security", "VNPT", "3.4.2", "all"),
    ("sql-server", "Microsoft SQL Server 2019 Standard", "Hệ quản trị CSDL cho ứng dụng địa phương.", "dbms", "Microsoft", "15.0.4345", "it"),
    ("veeam-backup", "Veeam Backup & Replication", "Sao lưu máy chủ ảo và CSDL.", "utility", "Veeam", "12.1", "it"),
    ("qlvb", "Hệ thống quản lý văn bản và điều hành", "Quản lý văn bản đi, đến và điều hành công việc.", "business-national", "Trung tâm Công nghệ thông tin", "6.0.2", "all"),
]
LOCAL_APPS = [
    ("qlhs", "Phần mềm quản lý kho hồ sơ lưu trữ", "quản lý vị trí hộp hồ sơ, mượn trả hồ sơ, in nhãn mã vạch"),
    ("nhac-no", "Phần mềm nhắc nợ đơn vị sử dụng lao động", "gửi thông báo nợ đóng BHXH qua thư điện tử và tin nhắn"),
    ("lich-tiep-dan", "Phần mềm đặt lịch tiếp công dân", "đặt lịch, nhắc lịch và thống kê tiếp công dân"),
    ("bao-cao-nhanh", "Phần mềm tổng hợp báo cáo nhanh", "tổng hợp số liệu thu chi theo ngày cho lãnh đạo"),
]
DB_KINDS = [("thu", "CSDL thu BHXH"), ("chi", "CSDL chi trả chế độ BHXH"),
            ("sothe", "CSDL sổ BHXH, thẻ BHYT"), ("ketoan", "CSDL kế toán"),
            ("giamdinh", "CSDL giám định BHYT")]
QUARTERS = [dt.date(2025, 11, 1), dt.date(2026, 2, 1), dt.date(2026, 5, 1),
            dt.date(2026, 8, 1), dt.date(2026, 11, 1)]


# The real shape (--shape bhxh): 63 provinces, 693 districts in all.
BHXH_DISTRICTS = 693
DISTRICTS_PER_PROVINCE = (8, 30)


class World:
    def __init__(self, n_assets: int, seed: int, shape: str = "bhxh"):
        self.n = n_assets
        self.shape = shape
        self.rng = random.Random(seed)
        self.units: list[dict] = []
        self.unit_by_id: dict[str, dict] = {}
        self.staff: list[dict] = []
        self.staff_by_unit: dict[str, list[dict]] = {}
        self.assets: list[dict] = []
        self.assets_by_unit: dict[str, list[dict]] = {}
        self.files: dict[str, dict] = {}  # relpath -> record
        self.province_of: dict[str, str] = {}  # unit id -> province unit id (or vn)
        self.it_unit_of: dict[str, str] = {}   # unit id -> the IT unit that serves it
        self.serials: set[str] = set()
        self.mobiles: set[str] = set()

    # ------------------------------------------------------------- helpers
    def day(self, start: dt.date, end: dt.date) -> dt.date:
        return start + dt.timedelta(days=self.rng.randrange((end - start).days + 1))

    def pick(self, items):
        return items[self.rng.randrange(len(items))]

    def person(self) -> str:
        rng = self.rng
        fam = rng.choices([f for f, _ in FAMILIES], [w for _, w in FAMILIES])[0]
        female = rng.random() < 0.55
        middles = [self.pick(MIDDLE_F if female else MIDDLE_M)]
        if rng.random() < 0.25:
            middles.append(self.pick(MIDDLE_F if female else MIDDLE_M))
            if middles[0] == middles[1]:
                middles.pop()
        given = self.pick(GIVEN_F if female else GIVEN_M)
        return " ".join([fam, *middles, given])

    def mobile(self) -> str:
        while True:
            m = self.pick(["09", "08", "03", "07"]) + "".join(str(self.rng.randrange(10)) for _ in range(8))
            if m not in self.mobiles:
                self.mobiles.add(m)
                return m

    def serial(self, prefix: str) -> str:
        alphabet = "ABCDEFGHJKLMNPQRSTUVWXYZ0123456789"
        while True:
            s = prefix + "".join(self.pick(alphabet) for _ in range(8))
            if s not in self.serials:
                self.serials.add(s)
                return s

    def add(self, path: str, record: dict) -> None:
        assert path not in self.files, path
        self.files[path] = record

    # --------------------------------------------------------------- units
    def district_counts(self) -> list[int]:
        """Districts per province, in province order."""
        if self.shape == "scaled":
            n_prov = max(2, round(self.n / 2000))
            n_dist = max(n_prov, round(self.n / 400))
            return [n_dist // n_prov + (1 if i < n_dist % n_prov else 0) for i in range(n_prov)]
        low, high = DISTRICTS_PER_PROVINCE
        counts = [low] * len(PROVINCES)
        counts[0], counts[1] = high, 22  # Hà Nội and Hồ Chí Minh are the largest
        while sum(counts) < BHXH_DISTRICTS:
            i = self.rng.randrange(len(counts))
            if counts[i] < high:
                counts[i] += 1
        return counts

    def build_units(self) -> None:
        district_counts = self.district_counts()
        n_prov = len(district_counts)
        self._unit(id="vn", name="Bảo hiểm xã hội Việt Nam", level="central", it_unit=False,
                   code="VN", mail_domain="vss.gov.vn",
                   address="Số 7 Tràng Thi, phường Hoàn Kiếm, thành phố Hà Nội", weight=6)
        self._unit(id="vn-ttcntt", name="Trung tâm Công nghệ thông tin", level="central",
                   parent="vn", it_unit=True, code="TTCNTT", mail_domain="vss.gov.vn",
                   address="Số 7 Tràng Thi, phường Hoàn Kiếm, thành phố Hà Nội (tầng 5 và tầng 6)",
                   note="Đơn vị CNTT cấp Trung ương: quản lý hạ tầng mạng WAN toàn ngành, hệ thống thư điện tử, CSDL tập trung.",
                   weight=8)
        self.province_of["vn"] = self.province_of["vn-ttcntt"] = "vn"
        self.it_unit_of["vn"] = self.it_unit_of["vn-ttcntt"] = "vn-ttcntt"
        self.provinces = []
        for i in range(n_prov):
            code, kind, pname, label = PROVINCES[i % len(PROVINCES)]
            if i >= len(PROVINCES):
                label, code, pname = f"{label}{i // len(PROVINCES) + 1}", f"{code}{i // len(PROVINCES)}", f"{pname} {i // len(PROVINCES) + 1}"
            domain = f"{label}.vss.gov.vn"
            addr = f"Số {self.rng.randrange(1, 300)} đường Trần Hưng Đạo, {kind} {pname}"
            self._unit(id=label, name=f"Bảo hiểm xã hội {kind} {pname}", level="province",
                       parent="vn", it_unit=False, code=code, mail_domain=domain, address=addr,
                       weight=10)
            self._unit(id=f"{label}-cntt",
                       name=f"Phòng Công nghệ thông tin – BHXH {kind} {pname}",
                       level="province", parent=label, it_unit=True, code=f"{code}-CNTT",
                       mail_domain=domain, address=f"{addr} (tầng 4)", weight=6)
            self.province_of[label] = self.province_of[f"{label}-cntt"] = label
            self.it_unit_of[label] = self.it_unit_of[f"{label}-cntt"] = f"{label}-cntt"
            self.provinces.append(label)
        names_used: set[str] = set()
        per_prov: dict[str, int] = {}
        # Districts interleave provinces, as the older shape always did, so
        # that a prefix of the list spreads over the whole country.
        order = [p for round_ in range(max(district_counts))
                 for p, count in zip(self.provinces, district_counts) if round_ < count]
        for prov in order:
            pu = self.unit_by_id[prov]
            while True:
                dname = " ".join(self.rng.sample(SYLLABLES, 2))
                did = f"{prov}-{slug(dname).replace('-', '')}"
                if did not in names_used:
                    names_used.add(did)
                    break
            per_prov[prov] = per_prov.get(prov, 0) + 1
            kind = "huyện" if self.rng.random() < 0.75 else self.pick(["quận", "thị xã", "thành phố"])
            self._unit(id=did, name=f"Bảo hiểm xã hội {kind} {dname}", level="district",
                       parent=prov, it_unit=True, code=f"{pu['code']}{per_prov[prov]:02d}",
                       mail_domain=pu["mail_domain"],
                       address=f"Thị trấn {self.pick(SYLLABLES)} {self.pick(SYLLABLES)}, {kind} {dname}, {pu['name'][len('Bảo hiểm xã hội '):]}",
                       note=(f"Bộ phận tin học thuộc BHXH {kind} thực hiện nhiệm vụ đơn vị CNTT cấp huyện."
                             if self.rng.random() < 0.3 else None),
                       weight=5)
            self.province_of[did] = prov
            self.it_unit_of[did] = did

    def _unit(self, weight: int, note=None, parent=None, **fields) -> None:
        record = {"id": fields["id"], "name": fields["name"], "level": fields["level"]}
        if parent:
            record["parent"] = parent
        record.update({k: fields[k] for k in ("it_unit", "code", "mail_domain", "address")})
        if note:
            record["note"] = note
        record["_weight"] = weight
        self.units.append(record)
        self.unit_by_id[record["id"]] = record

    def share(self, total: int) -> dict[str, int]:
        """`total` split over units by weight (largest remainder)."""
        weights = {u["id"]: u["_weight"] for u in self.units}
        wsum = sum(weights.values())
        exact = {k: total * w / wsum for k, w in weights.items()}
        out = {k: int(v) for k, v in exact.items()}
        left = total - sum(out.values())
        for k in sorted(exact, key=lambda k: exact[k] - out[k], reverse=True)[:left]:
            out[k] += 1
        return out

    # --------------------------------------------------------------- staff
    def build_staff(self) -> None:
        target = max(len(self.units) * 4, round(self.n / 4))
        counts = self.share(target)
        used_ids: set[str] = set()
        for unit in self.units:
            uid = unit["id"]
            members = []
            roles_plan = [["unit-head"]]
            if unit["it_unit"]:
                roles_plan += [["data-admin", "it-staff"], ["network-admin", "it-staff"]]
                if uid.endswith("-cntt") or uid == "vn-ttcntt":
                    roles_plan += [["network-admin", "mailbox-manager", "it-staff"], ["it-staff"], ["it-staff"]]
            n = max(counts[uid], len(roles_plan) + 1)
            for i in range(n):
                name = self.person()
                sid = slug(name)
                k = 2
                while sid in used_ids:
                    sid = f"{slug(name)}-{k}"
                    k += 1
                used_ids.add(sid)
                roles = roles_plan[i] if i < len(roles_plan) else []
                if "unit-head" in roles:
                    position = ("Trưởng phòng CNTT" if uid.endswith("-cntt") else
                                "Giám đốc Trung tâm CNTT" if uid == "vn-ttcntt" else
                                "Tổng Giám đốc" if uid == "vn" else
                                f"Giám đốc {unit['name']}".replace("Giám đốc Bảo hiểm xã hội", "Giám đốc BHXH"))
                elif "data-admin" in roles:
                    position = "Chuyên viên quản trị dữ liệu"
                elif "network-admin" in roles:
                    position = "Chuyên viên quản trị mạng"
                elif "it-staff" in roles:
                    position = self.pick(["Kỹ sư", "Kỹ thuật viên", "Chuyên viên tin học"])
                else:
                    position = self.pick(POSITIONS)
                rec = {"id": sid, "full_name": name, "unit": uid, "position": position}
                if roles:
                    rec["roles"] = roles
                if roles or self.rng.random() < 0.85:
                    rec["contract"] = "permanent"
                else:
                    rec["contract"] = "fixed-term"
                    rec["contract_months"] = self.pick([6, 12, 12, 24, 24, 36])
                rec["_email"] = None
                rec["mobile"] = self.mobile()
                if not roles and self.rng.random() < 0.02:
                    rec["left"] = self.day(dt.date(2025, 6, 1), dt.date(2026, 10, 31))
                members.append(rec)
                self.staff.append(rec)
            self.staff_by_unit[uid] = members

    def it_people(self, uid: str) -> list[dict]:
        """The IT staff who serve unit `uid` (those of its IT unit)."""
        it = self.it_unit_of[uid]
        return [s for s in self.staff_by_unit[it] if "it-staff" in s.get("roles", [])]

    def head(self, uid: str) -> dict:
        return self.staff_by_unit[uid][0]

    def present(self, uid: str) -> list[dict]:
        return [s for s in self.staff_by_unit[uid] if "left" not in s]

    # -------------------------------------------------------------- assets
    def build_assets(self) -> None:
        counts = self.share(self.n)
        shares = [d[3] for d in DEVICES]
        for unit in self.units:
            uid = unit["id"]
            n = counts[uid]
            # every unit has a server, a switch and a router for its network
            kinds = [DEVICES[2], DEVICES[10], DEVICES[11]][: min(3, n)]
            kinds += self.rng.choices(DEVICES, shares, k=n - len(kinds))
            seq: dict[str, int] = {}
            tag_prefix = uid.upper()
            maint_days = [self.rng.randrange(3, 21) for _ in QUARTERS]
            inv_day = dt.date(2025, 12, self.rng.randrange(15, 24))
            self.assets_by_unit[uid] = []
            for idx, dev in enumerate(kinds):
                self._asset(unit, dev, seq, tag_prefix, maint_days, inv_day, idx < 3)
            unit["_inventory_day"] = inv_day

    def _asset(self, unit, dev, seq, tag_prefix, maint_days, inv_day, essential) -> None:
        rng = self.rng
        uid = unit["id"]
        category, typ, code, _, models, maint_note = dev
        seq[code] = seq.get(code, 0) + 1
        tag = f"{tag_prefix}-{code}-{seq[code]:04d}"
        model, config = self.pick(models)
        # acquisition: weighted to recent years, never in the year-end inventory window
        year = min(2026, 2012 + int(15 * (rng.random() ** 0.6)))
        acquired = self.day(dt.date(year, 1, 5), dt.date(year, 12, 10) if year < 2026 else dt.date(2026, 10, 20))
        supplier = self.pick(SUPPLIERS)
        w_years = self.pick([1, 2, 3, 3, 5] if typ == "server" else [1, 2, 3])
        until = acquired.replace(year=acquired.year + w_years) if not (acquired.month == 2 and acquired.day == 29) else dt.date(acquired.year + w_years, 3, 1)
        r = rng.random()
        status = ("in-use" if essential or r < 0.88 else "in-stock" if r < 0.93 else
                  "under-repair" if r < 0.95 else "disposed" if r < 0.99 else "lost")
        if status in ("disposed", "lost") and acquired > dt.date(2025, 12, 10):
            status = "in-use"
        if status == "under-repair" and acquired > dt.date(2026, 9, 1):
            status = "in-use"
        staff_here = self.present(uid)
        it = self.it_people(uid)
        tech = self.pick(it)
        rec = {"id": tag, "name": model, "category": category, "type": typ, "unit": uid,
               "serial": self.serial(code[:2]), "config": config, "acquired": acquired,
               "supplier": supplier, "warranty": {"until": until, "onsite": rng.random() < 0.5}}
        holder = None
        if typ in PERSONAL and status in ("in-use", "under-repair"):
            holder = self.pick(staff_here)
            rec["assigned_to"] = holder["id"]
        guarded = typ in GUARDED_TYPES
        if guarded:
            room = self.pick(["Phòng máy chủ, tầng 3", "Phòng máy chủ, tầng 2", "Phòng máy chủ, tầng 5"])
        elif status == "in-stock":
            room = "Kho thiết bị, tầng 1"
        else:
            room = self.pick(["Bộ phận một cửa, tầng 1", "Phòng tin học, tầng 3", "Phòng kế toán, tầng 2",
                              "Phòng Giám đốc, tầng 2", "Phòng thu, tầng 2", "Phòng sổ thẻ, tầng 3",
                              "Văn phòng, tầng 1", f"Phòng {rng.randrange(101, 520)}"])
        rec["location"] = {"room": room, "server_room": guarded}
        rec["status"] = status
        rec["procurement"] = {"decision": f"{rng.randrange(100, 3999)}/QĐ-BHXH",
                              "date": acquired - dt.timedelta(days=rng.randrange(20, 60))}
        events = []
        if holder:
            events.append({"date": acquired + dt.timedelta(days=3), "kind": "handover", "to": holder["id"],
                           "minutes": f"BB-{acquired.year}-{tag_prefix}-{rng.randrange(1, 999):03d}"})
        if rng.random() < 0.02 and acquired < dt.date(2024, 1, 1):
            d = self.day(max(acquired + dt.timedelta(days=30), dt.date(2024, 1, 1)), dt.date(2025, 6, 30))
            events.append({"date": d, "kind": "transfer", "to_unit": uid,
                           "decided_by": f"Giám đốc BHXH, Quyết định {rng.randrange(10, 999)}/QĐ-BHXH",
                           "minutes": f"BB-DC-{d.year}-{rng.randrange(1, 999):03d}"})
        in_service = status in ("in-use", "under-repair")
        skip_q3 = rng.random() < 0.005
        for q, start in enumerate(QUARTERS):
            d = start.replace(day=maint_days[q])
            if d <= acquired or d > TODAY:
                continue
            if q == 3 and in_service and skip_q3:
                continue  # a missed quarter: an A10 warning, as real registers have
            if in_service or (status in ("disposed", "lost") and q == 0):
                events.append({"date": d, "kind": "maintenance", "by": tech["id"], "note": maint_note})
            if q == 0 and inv_day > acquired:
                res = ("Không tìm thấy tại vị trí ghi sổ." if status == "lost" else
                       "Hỏng, đề nghị thanh lý." if status == "disposed" else "Có, hoạt động bình thường.")
                events.append({"date": inv_day, "kind": "inventory-check", "by": tech["id"],
                               "minutes": f"BB-KK-2025-{tag_prefix}",
                               "note": f"Kiểm kê cuối năm 2025: {res[0].lower()}{res[1:]}"})
        if status == "in-stock":
            d = self.day(max(acquired, dt.date(2026, 7, 1)), dt.date(2026, 11, 20))
            events.append({"date": d, "kind": "inventory-check", "by": tech["id"],
                           "note": "Kiểm tra thiết bị lưu kho: còn nguyên, bảo quản tốt."})
        in_warranty = lambda d: d <= until
        if status == "in-use" and rng.random() < 0.05 and acquired < dt.date(2026, 3, 1):
            d = self.day(max(acquired + dt.timedelta(days=20), dt.date(2026, 3, 1)), dt.date(2026, 9, 30))
            events += self._repair(rec, tech, d, in_warranty(d), back=True)
        if status == "under-repair":
            d = self.day(dt.date(2026, 11, 1), dt.date(2026, 11, 20))
            events += self._repair(rec, tech, d, in_warranty(d), back=False)
        if status == "disposed":
            d = self.day(dt.date(2026, 2, 1), dt.date(2026, 10, 30))
            events.append({"date": d, "kind": "disposal",
                           "decided_by": f"Giám đốc BHXH, Quyết định {rng.randrange(10, 999)}/QĐ-BHXH",
                           "minutes": f"BB-TL-{d.year}-{tag_prefix}-{rng.randrange(1, 99):02d}",
                           "note": "Thanh lý theo kết quả kiểm kê cuối năm 2025."})
        events.sort(key=lambda e: e["date"])
        if events:
            rec["events"] = events
        if rng.random() < 0.03:
            rec["note"] = self.pick(["Thiết bị dùng chung của bộ phận.",
                                     "Đã nâng cấp RAM năm 2025.",
                                     "Dự kiến thay thế trong kế hoạch năm 2027."])
        rec["_inv"] = ("missing" if status == "lost" else "to-dispose" if status == "disposed"
                       else "found") if inv_day > acquired else None
        self.assets.append(rec)
        self.assets_by_unit[uid].append(rec)

    def _repair(self, rec, tech, d, warranty: bool, back: bool) -> list[dict]:
        rng = self.rng
        prefix = rec["unit"].upper()
        out = [{"date": d, "kind": "incident", "by": tech["id"],
                "note": self.pick(["Không khởi động được.", "Báo lỗi nguồn, tự tắt.",
                                   "Kẹt giấy liên tục, kêu to khi in.", "Ổ cứng báo lỗi SMART."])}]
        ro = {"date": d + dt.timedelta(days=1), "kind": "repair-out", "by": tech["id"],
              "repair_at": rec["supplier"] if warranty else "Trung tâm bảo hành Tin học Sao Mai",
              "minutes": f"BB-{d.year}-{prefix}-{rng.randrange(100, 999)}"}
        if rec["type"] in ("server", "desktop", "laptop") or rec["category"] == "storage":
            ro["data_wiped"] = True
            ro["note"] = "Sao lưu dữ liệu, xóa an toàn ổ cứng trước khi gửi sửa."
        out.append(ro)
        if back:
            out.append({"date": d + dt.timedelta(days=rng.randrange(5, 20)), "kind": "repair-in",
                        "by": tech["id"], "minutes": f"BB-{d.year}-{prefix}-{rng.randrange(100, 999)}",
                        "note": "Đã sửa xong, chạy thử ổn định."})
        return out

    # --------------------------------------------------------- inventories
    def build_inventories(self) -> None:
        for unit in self.units:
            uid = unit["id"]
            items = [{"asset": a["id"], "result": a["_inv"]} for a in self.assets_by_unit[uid] if a["_inv"]]
            if not items:
                continue
            it = self.it_people(uid)
            rec = {"year": 2025, "unit": uid, "date": unit["_inventory_day"],
                   "by": [it[0]["id"], self.head(uid)["id"]] if it[0]["id"] != self.head(uid)["id"] else [it[0]["id"]],
                   "minutes": f"BB-KK-2025-{uid.upper()}", "items": items,
                   "note": "Kiểm kê thiết bị CNTT cuối năm 2025 theo mục II.1.2 Quy định ban hành kèm Quyết định 3582/QĐ-BHXH."}
            self.add(f"records/inventories/2025/{uid}.yaml", rec)

    # ------------------------------------------------------------ software
    def build_software(self) -> None:
        target = max(12, round(self.n / 500))
        catalog = list(SOFTWARE)
        records = []
        for i, (sid, name, desc, kind, vendor, version, scope) in enumerate(catalog[:target]):
            if scope == "all":
                where = [u["id"] for u in self.units]
            elif scope == "servers" or scope == "it":
                where = [u["id"] for u in self.units if u["it_unit"]]
            else:
                where = ["vn-ttcntt"]
            records.append(self._software(sid, name, desc, kind, vendor, version, where, None))
        k = 0
        while len(records) < target:
            prov = self.provinces[k % len(self.provinces)]
            app, aname, what = LOCAL_APPS[(k // len(self.provinces)) % len(LOCAL_APPS)]
            round_ = k // (len(self.provinces) * len(LOCAL_APPS))
            sid = f"{prov}-{app}" + (f"-{round_ + 1}" if round_ else "")
            pu = self.unit_by_id[prov]
            where = [f"{prov}-cntt", prov] + [u["id"] for u in self.units if u.get("parent") == prov][:3]
            cntt = self.unit_by_id[f"{prov}-cntt"]
            records.append(self._software(
                sid, f"{aname} {pu['name'][len('Bảo hiểm xã hội '):]}",
                f"Ứng dụng do {cntt['name']} xây dựng: {what}.", "business-local", cntt["name"],
                f"1.{self.rng.randrange(0, 9)}.{self.rng.randrange(0, 9)}", where, prov))
            k += 1
        for rec in records:
            self.add(f"records/software/{rec['id']}.yaml", rec)

    def _software(self, sid, name, desc, kind, vendor, version, where, local_prov) -> dict:
        rng = self.rng
        since = self.day(dt.date(2018, 1, 1), dt.date(2024, 12, 31))
        rec = {"id": sid, "name": name, "description": desc, "kind": kind, "vendor": vendor,
               "supplier": self.pick(SUPPLIERS) if not local_prov else vendor,
               "in_use_since": since, "status": "in-use"}
        if not local_prov and kind not in ("business-national",):
            rec["license"] = {"number": f"LIC-{since.year}-{rng.randrange(1, 9999):04d}",
                              "seats": len(where) * rng.randrange(20, 60),
                              "expires": dt.date(2027 + rng.randrange(0, 3), rng.randrange(1, 13), 1)}
        if local_prov:
            rec["approval"] = {"decision": f"{rng.randrange(100, 3999)}/QĐ-BHXH",
                               "date": since - dt.timedelta(days=rng.randrange(10, 40))}
        inst = []
        for uid in where:
            tech = self.pick(self.it_people(uid))
            on = since + dt.timedelta(days=rng.randrange(0, 40))
            entry = {"unit": uid}
            servers = [a["id"] for a in self.assets_by_unit[uid] if a["type"] == "server" and a["status"] == "in-use"][:1]
            if servers and kind in ("system", "dbms", "business-local", "communication"):
                entry["servers"] = servers
            entry.update({"workstations": rng.randrange(0, 60) if kind != "dbms" else 0,
                          "installed_by": tech["id"], "installed_on": on, "version": version,
                          "status": "deployed",
                          "acceptance": {"minutes": f"NT-{on.year}-{uid.upper()}-{rng.randrange(1, 99):02d}",
                                         "signed_by": f"{self.head(uid)['full_name']}, {self.head(uid)['position']}",
                                         "date": on + dt.timedelta(days=7)}})
            inst.append(entry)
        rec["installations"] = inst
        by = self.pick(self.it_people(where[0]))["id"]
        rec["updates"] = [{"date": self.day(dt.date(2025, 1, 1), dt.date(2026, 10, 31)), "version": version,
                           "note": "Cập nhật bản vá và nâng cấp phiên bản thống nhất toàn ngành.", "by": by}]
        return rec

    # ------------------------------------------------------------ networks
    def build_networks(self) -> None:
        for unit in self.units:
            uid = unit["id"]
            if uid == "vn":
                nid, scope, nname = "vn-lan", "central-lan", "Mạng LAN cơ quan BHXH Việt Nam"
            elif uid == "vn-ttcntt":
                nid, scope, nname = "vn-wan", "national-wan", "Mạng WAN toàn ngành BHXH"
            elif unit["level"] == "province" and uid.endswith("-cntt"):
                nid, scope, nname = f"{uid[:-5]}-wan", "province-wan", f"Mạng WAN {self.unit_by_id[uid[:-5]]['name'].replace('Bảo hiểm xã hội', 'BHXH')}"
            elif unit["level"] == "province":
                nid, scope, nname = f"{uid}-lan", "province-office-lan", f"Mạng LAN văn phòng {unit['name'].replace('Bảo hiểm xã hội', 'BHXH')}"
            else:
                nid, scope, nname = f"{uid}-lan", "district-lan", f"Mạng LAN {unit['name'].replace('Bảo hiểm xã hội', 'BHXH')}"
            admins = [s["id"] for s in self.it_people(uid) if "network-admin" in s.get("roles", [])][:2]
            devices = [a["id"] for a in self.assets_by_unit[uid]
                       if a["type"] in ("switch", "router", "server") and a["status"] == "in-use"][:6]
            rec = {"id": nid, "name": nname, "scope": scope, "unit": uid, "admins": admins, "devices": devices,
                   "links": [{"provider": "VNPT", "bandwidth_mbps": self.pick([50, 100, 200, 1000]), "kind": "wan",
                              "note": "Kết nối WAN về cấp trên."},
                             {"provider": self.pick(["Viettel", "FPT Telecom"]), "bandwidth_mbps": self.pick([100, 200, 300]),
                              "kind": "internet"}],
                   "log_review_interval_days": 30}
            reviews = []
            for m in range(12):
                y, mo = (2025, 12) if m == 0 else (2026, m)
                d = dt.date(y, mo, self.rng.randrange(3, 21))
                reviews.append({"date": d, "by": admins[0], "note": self.pick(
                    ["Không phát hiện bất thường."] * 8 +
                    ["Tường lửa chặn nhiều lần dò quét cổng từ Internet; đã cập nhật chữ ký IPS.",
                     "Phát hiện một máy trạm truy cập bất thường; đã cô lập và quét mã độc."])})
            rec["log_reviews"] = reviews
            rec["notes"] = (f"Mạng của {unit['name']}: {len(devices)} thiết bị chính ghi trong `devices`.\n\n"
                            f"- Đường truyền chính VNPT, dự phòng qua Internet (IPsec).\n"
                            f"- Mọi thay đổi cấu hình phải có phiếu yêu cầu được duyệt.\n")
            if scope.endswith("wan"):
                rec["classification"] = "confidential"
            self.add(f"records/networks/{nid}.yaml", rec)
            head = self.head(uid)["id"]
            grants = [{"group": "Bộ phận tin học", "resource": f"Thiết bị mạng và máy chủ của {nid}",
                       "rights": ["read", "write", "admin"], "approved_by": head,
                       "date": self.day(dt.date(2023, 1, 1), dt.date(2025, 12, 31))},
                      {"group": self.pick(["Bộ phận thu, sổ thẻ", "Bộ phận kế toán", "Bộ phận một cửa"]),
                       "resource": "Thư mục dùng chung và ứng dụng nghiệp vụ",
                       "rights": ["read", "write"], "approved_by": head,
                       "date": self.day(dt.date(2023, 1, 1), dt.date(2025, 12, 31))}]
            self.add(f"records/access/{nid}.yaml",
                     {"id": nid, "network": nid, "classification": "confidential", "grants": grants})

    # ----------------------------------------------------------- databases
    def build_databases(self) -> None:
        target = max(4, round(self.n / 2000))
        holders = [f"{p}-cntt" for p in self.provinces] + ["vn-ttcntt"]
        self.databases = []
        for i in range(target):
            holder = holders[i % len(holders)]
            kind, kname = DB_KINDS[(i // len(holders)) % len(DB_KINDS)]
            round_ = i // (len(holders) * len(DB_KINDS))
            place = "tw" if holder == "vn-ttcntt" else holder[:-5]
            dbid = f"{kind}-{place}" + (f"-{round_ + 1}" if round_ else "")
            owner = self.unit_by_id["vn" if holder == "vn-ttcntt" else holder[:-5]]
            admin = next(s for s in self.staff_by_unit[holder] if "data-admin" in s.get("roles", []))
            server = next(a["id"] for a in self.assets_by_unit[holder] if a["type"] == "server" and a["status"] == "in-use")
            label = dbid.upper().replace("-", "")
            backups = []
            for m in range(22):  # Jan 2025 .. Oct 2026
                y, mo = 2025 + m // 12, m % 12 + 1
                end = (dt.date(y + (mo == 12), mo % 12 + 1, 1) - dt.timedelta(days=1))
                b = {"date": end, "period": "monthly", "media": {"kind": "tape", "label": f"{label}-{y}{mo:02d}-T"},
                     "location": "Tủ chống cháy, phòng máy chủ", "by": admin["id"]}
                if mo in (3, 6, 9, 12):
                    b["restore_checked"] = end + dt.timedelta(days=self.rng.randrange(3, 10))
                backups.append(b)
                if mo in (3, 6, 9, 12):
                    backups.append({"date": end, "period": "quarterly",
                                    "media": {"kind": "tape", "label": f"{label}-{y}Q{mo // 3}-Q"},
                                    "location": "Két chống cháy, văn phòng (ngoài phòng máy)", "by": admin["id"]})
                if mo == 12:
                    backups.append({"date": end, "period": "yearly",
                                    "media": {"kind": "external-disk", "label": f"{label}-{y}-N"},
                                    "location": "Két chống cháy, văn phòng (ngoài phòng máy)", "by": admin["id"],
                                    "note": f"Sao lưu cuối năm {y} sau khi số liệu quyết toán được duyệt."})
            # the October restore check keeps D3 quiet at 2026-11-23
            backups[-1]["restore_checked"] = dt.date(2026, 11, 5)
            rec = {"id": dbid, "name": f"{kname} {owner['name'].replace('Bảo hiểm xã hội ', 'BHXH ')}",
                   "description": f"Dữ liệu nghiệp vụ {kname[5:]} của {owner['name']}.",
                   "unit": holder, "server": server, "admin": admin["id"], "dbms": "oracle-db",
                   "backups": backups}
            self.databases.append(rec)
            self.add(f"records/databases/{dbid}.yaml", rec)

    def build_data_requests(self) -> None:
        count = max(3, round(self.n / 1000))
        seq: dict[str, int] = {}
        for i in range(count):
            db = self.databases[i % len(self.databases)]
            prov = self.province_of[db["unit"]]
            cands = [u["id"] for u in self.units if self.province_of[u["id"]] == prov]
            uid = self.pick(cands)
            seq[uid] = seq.get(uid, 0) + 1
            date = self.day(dt.date(2026, 1, 5), dt.date(2026, 11, 15))
            rid = f"2026-{uid}-{seq[uid]:03d}"
            status = self.pick(["approved", "fulfilled", "fulfilled", "pending"])
            rec = {"id": rid, "unit": uid,
                   "requested_by": f"UBND {self.pick(['phường', 'xã'])} {self.pick(SYLLABLES)} {self.pick(SYLLABLES)} (Công văn {self.rng.randrange(10, 999)}/UBND-VHXH)",
                   "date": date, "database": db["id"],
                   "purpose": "Rà soát số lao động tham gia BHXH bắt buộc tại các doanh nghiệp trên địa bàn, phục vụ kiểm tra liên ngành.",
                   "scope": "Số liệu tổng hợp theo doanh nghiệp; không cung cấp thông tin cá nhân."}
            if status != "pending" and date + dt.timedelta(days=4) <= TODAY:
                rec["approved_by"] = self.head(uid)["id"]
                rec["approved_on"] = date + dt.timedelta(days=2)
                if status == "fulfilled":
                    rec["fulfilled_on"] = date + dt.timedelta(days=4)
            else:
                status = "pending"
            rec["status"] = status
            self.add(f"records/data-requests/{rid}.yaml", rec)

    # ----------------------------------------------------------------- mail
    def build_mail(self) -> None:
        taken: dict[str, int] = {}
        self.accounts = []
        for s in self.staff:
            if s.get("contract") == "fixed-term" and s["contract_months"] < 12:
                continue
            base = mail_local_part(s["full_name"])
            n = taken.get(base, 0)
            taken[base] = n + 1
            local = base if n == 0 else f"{base}{n}"
            s["email"] = f"{local}@vss.gov.vn"
            created = self.day(dt.date(2017, 8, 1), dt.date(2026, 10, 31))
            rec = {"id": local, "address": s["email"], "kind": "personal", "staff": s["id"]}
            events = [{"date": created, "kind": "created"}]
            if "left" in s and s["left"] <= TODAY:
                created = min(created, s["left"] - dt.timedelta(days=60))
                events = [{"date": created, "kind": "created"},
                          {"date": s["left"] + dt.timedelta(days=1), "kind": "locked",
                           "reason": "Cán bộ nghỉ việc (QC1114 Đ5.1)."}]
                rec["status"] = "locked"
            else:
                rec["status"] = "active"
            rec["created"] = created
            rec["quota_gb"] = 2 if "unit-head" in s.get("roles", []) else 1
            last = TODAY - dt.timedelta(days=int(self.rng.expovariate(1 / 6)))
            if self.rng.random() < 0.01:  # dormant: an M4 warning
                last = TODAY - dt.timedelta(days=self.rng.randrange(95, 300))
            rec["last_login"] = max(last, created)
            rec["password_changed"] = max(created, TODAY - dt.timedelta(days=self.rng.randrange(5, 200)))
            rec["events"] = events
            rec["_staff"] = s
            self.accounts.append(rec)
            self.add(f"records/mail/accounts/{local}.yaml", rec)
        for prov in self.provinces:
            pu = self.unit_by_id[prov]
            label = pu["mail_domain"].split(".")[0]
            for local, kind, note in (("support", "support", f"Tài khoản quản trị phân cấp cho {pu['name']} (khoản 6 Điều 3 Quy chế 1114)."),
                                      ("vanphong", "unit", f"Hòm thư chung của Văn phòng {pu['name']}.")):
                created = self.day(dt.date(2017, 8, 1), dt.date(2019, 12, 31))
                rec = {"id": f"{local}.{label}", "address": f"{local}@{pu['mail_domain']}", "kind": kind,
                       "unit": prov, "status": "active", "created": created, "quota_gb": 2,
                       "last_login": TODAY - dt.timedelta(days=self.rng.randrange(0, 5)),
                       "password_changed": TODAY - dt.timedelta(days=self.rng.randrange(5, 150)),
                       "events": [{"date": created, "kind": "created"}], "note": note}
                self.add(f"records/mail/accounts/{local}.{label}.yaml", rec)
        # Mẫu 01 requests, one per province, for accounts created this year
        for prov in self.provinces:
            members = {u["id"] for u in self.units if self.province_of[u["id"]] == prov}
            fresh = [a for a in self.accounts if a["_staff"]["unit"] in members and a["status"] == "active"][:3]
            if not fresh:
                continue
            sub = dt.datetime(2026, self.rng.randrange(1, 11), self.rng.randrange(1, 28), 9, 0)
            entries = []
            for a in fresh:
                done = sub + dt.timedelta(hours=self.rng.randrange(2, 40))
                a["created"] = done.date()
                a["last_login"] = max(a["last_login"], a["created"])
                a["password_changed"] = max(a["password_changed"], a["created"])
                rid = f"2026-{prov}-001"
                a["events"] = [{"date": done.date(), "kind": "created", "request": rid}]
                s = a["_staff"]
                entries.append({"full_name": s["full_name"], "position": s["position"], "mobile": s["mobile"],
                                "current_account": None, "request": "create",
                                "reason": "Cán bộ mới được tuyển dụng.",
                                "result": {"done": DateTime(done.strftime("%Y-%m-%dT%H:%M:%S+07:00")),
                                           "account": a["address"], "outcome": "done", "reason": None}})
            head = self.head(prov)
            rec = {"id": f"2026-{prov}-001", "unit": prov,
                   "submitted": DateTime(sub.strftime("%Y-%m-%dT%H:%M:%S+07:00")),
                   "received": DateTime((sub + dt.timedelta(minutes=30)).strftime("%Y-%m-%dT%H:%M:%S+07:00")),
                   "prepared_by": self.it_people(prov)[0]["full_name"], "signed_by": head["full_name"],
                   "signed_by_title": "Giám đốc", "result_signed_by": self.head("vn-ttcntt")["full_name"],
                   "entries": entries}
            self.add(f"records/mail/requests/{rec['id']}.yaml", rec)

    # -------------------------------------------------------------- training
    def build_training(self) -> None:
        topics = [("an-toan-thong-tin", "Bồi dưỡng kiến thức an toàn thông tin cho cán bộ CNTT"),
                  ("quan-tri-oracle", "Quản trị CSDL Oracle 19c, sao lưu và phục hồi dữ liệu"),
                  ("thu-dien-tu", "Sử dụng thư điện tử công vụ an toàn, nhận diện thư lừa đảo"),
                  ("tst-moi", "Hướng dẫn sử dụng phần mềm TST phiên bản mới"),
                  ("ky-so-van-ban", "Sử dụng chữ ký số trong xử lý văn bản điện tử"),
                  ("quan-tri-mang-lan", "Quản trị mạng LAN và thiết bị mạng cho bộ phận tin học")]
        for year in (2025, 2026):
            courses = []
            organisers = ["vn-ttcntt"] + [f"{p}-cntt" for p in self.provinces]
            for i, (cid, title) in enumerate(topics):
                for j in range(max(1, len(self.provinces) // 5)):
                    unit = organisers[(i + j * len(topics)) % len(organisers)]
                    q = 1 + (i + j) % 4
                    c = {"id": cid if j == 0 else f"{cid}-{j + 1}", "title": title, "unit": unit,
                         "audience": "Cán bộ CNTT và cán bộ nghiệp vụ", "planned_quarter": q,
                         "planned_participants": self.rng.randrange(20, 150)}
                    done = dt.date(year, 3 * q - 1, self.rng.randrange(5, 28))
                    if done < TODAY - dt.timedelta(days=10):
                        c["done_on"] = done
                        c["participants"] = c["planned_participants"] - self.rng.randrange(0, 10)
                    courses.append(c)
            self.add(f"records/training/{year}.yaml",
                     {"year": year, "approval": {"decision": f"{self.rng.randrange(100, 3999)}/QĐ-BHXH",
                                                 "date": dt.date(year - 1, 12, 15)},
                      "courses": courses,
                      "note": f"Kế hoạch đào tạo CNTT năm {year} theo mục II.5 Quy định ban hành kèm Quyết định 3582/QĐ-BHXH."})

    # ------------------------------------------------------------- assemble
    def build(self) -> None:
        self.build_units()
        self.build_staff()
        self.build_assets()
        self.build_inventories()
        self.build_software()
        self.build_networks()
        self.build_databases()
        self.build_data_requests()
        self.build_mail()
        self.build_training()
        for u in self.units:
            self.add(f"records/units/{u['id']}.yaml", u)
        for s in self.staff:
            self.add(f"records/staff/{s['id']}.yaml", s)
        for a in self.assets:
            self.add(f"records/assets/{a['unit']}/{a['id']}.yaml", a)

    def records(self):
        """(relpath, clean record) in a stable order."""
        for path in sorted(self.files):
            yield path, _clean(self, path)


# ---------------------------------------------------------------------- Hugo

def flatten(value, prefix=""):
    if isinstance(value, dict):
        for k, v in value.items():
            yield from flatten(v, f"{prefix}.{k}" if prefix else k)
    elif isinstance(value, list):
        if all(not isinstance(x, (dict, list)) for x in value):
            yield prefix, ", ".join(str(x) for x in value)
        else:
            for i, v in enumerate(value):
                yield from flatten(v, f"{prefix}[{i}]")
    else:
        yield prefix, "" if value is None else (value.isoformat() if isinstance(value, dt.date) else str(value))


def write_hugo(world: World, out: Path) -> int:
    if out.exists():
        shutil.rmtree(out)
    (out / "layouts" / "_default").mkdir(parents=True)
    (out / "config.toml").write_text(
        'baseURL = "http://127.0.0.1/"\nlanguageCode = "vi"\ntitle = "Sổ theo dõi CNTT (Hugo)"\n'
        'disableKinds = ["taxonomy", "term", "RSS", "sitemap", "robotsTXT"]\n', encoding="utf-8")
    layouts = out / "layouts" / "_default"
    (layouts / "baseof.html").write_text(
        '<!doctype html>\n<html lang="vi"><head><meta charset="utf-8"><title>{{ .Title }} – {{ .Site.Title }}</title></head>\n'
        '<body><header><a href="{{ "/" | relURL }}">{{ .Site.Title }}</a></header>\n'
        '<main>{{ block "main" . }}{{ end }}</main></body></html>\n', encoding="utf-8")
    (layouts / "single.html").write_text(
        '{{ define "main" }}<h1>{{ .Title }}</h1>\n{{ .Content }}{{ end }}\n', encoding="utf-8")
    (layouts / "list.html").write_text(
        '{{ define "main" }}<h1>{{ .Title }}</h1>\n<ul>{{ range .Pages }}<li><a href="{{ .RelPermalink }}">{{ .Title }}</a></li>\n{{ end }}</ul>{{ end }}\n',
        encoding="utf-8")
    content = out / "content"
    pages = 0
    sections = set()
    for path, rec in world.records():
        rel = Path(path).relative_to("records").with_suffix(".md")
        sections.add(rel.parts[0])
        title, table = record_page(rec)
        body = "---\ntitle: " + json.dumps(title, ensure_ascii=False) + "\n---\n\n" + table
        target = content / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(body, encoding="utf-8")
        pages += 1
    for s in sections:
        (content / s / "_index.md").write_text(f"---\ntitle: {json.dumps(s)}\n---\n", encoding="utf-8")
    (content / "_index.md").write_text('---\ntitle: "Sổ theo dõi CNTT"\n---\n', encoding="utf-8")
    return pages


def record_page(rec: dict) -> tuple[str, str]:
    """A record's title and its fields as a Markdown table (the peers' page body)."""
    title = rec.get("name") or rec.get("full_name") or str(rec.get("id") or f"{rec.get('year')} {rec.get('unit', '')}")
    rows = ["| Trường | Giá trị |", "| --- | --- |"]
    for key, val in flatten(rec):
        val = val.replace("|", "\\|").replace("\n", "<br>")
        rows.append(f"| {key} | {val} |")
    return title, "\n".join(rows) + "\n"


def write_zola(world: World, out: Path) -> int:
    """The Hugo twin's pages for Zola: the same Markdown tables, a minimal layout."""
    if out.exists():
        shutil.rmtree(out)
    (out / "templates").mkdir(parents=True)
    (out / "config.toml").write_text(
        'base_url = "http://127.0.0.1/"\ntitle = "Sổ theo dõi CNTT (Zola)"\ndefault_language = "vi"\n'
        'compile_sass = false\nbuild_search_index = false\ngenerate_feeds = false\n', encoding="utf-8")
    base = ('<!doctype html>\n<html lang="vi"><head><meta charset="utf-8"><title>{{ config.title }}</title></head>\n'
            '<body><header><a href="{{ config.base_url }}">{{ config.title }}</a></header>\n<main>{% block main %}{% endblock %}</main></body></html>\n')
    (out / "templates" / "base.html").write_text(base, encoding="utf-8")
    (out / "templates" / "page.html").write_text(
        '{% extends "base.html" %}{% block main %}<h1>{{ page.title }}</h1>\n{{ page.content | safe }}{% endblock %}\n', encoding="utf-8")
    listing = ('{% extends "base.html" %}{% block main %}<h1>{{ section.title }}</h1>\n<ul>{% for p in section.pages %}'
               '<li><a href="{{ p.permalink }}">{{ p.title }}</a></li>\n{% endfor %}</ul>{% endblock %}\n')
    (out / "templates" / "section.html").write_text(listing, encoding="utf-8")
    (out / "templates" / "index.html").write_text(listing, encoding="utf-8")
    content = out / "content"
    pages = 0
    sections = {content}
    for path, rec in world.records():
        rel = Path(path).relative_to("records").with_suffix(".md")
        title, table = record_page(rec)
        target = content / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        sections.update(p for p in target.parents if content in p.parents or p == content)
        target.write_text("+++\ntitle = " + json.dumps(title, ensure_ascii=False) + "\n+++\n\n" + table, encoding="utf-8")
        pages += 1
    for s in sections:
        (s / "_index.md").write_text("+++\ntitle = " + json.dumps(s.name or "Sổ theo dõi CNTT", ensure_ascii=False) + "\n+++\n", encoding="utf-8")
    return pages


# ----------------------------------------------------------------------- git

NOTE_REGISTERS = ("records/assets/", "records/staff/", "records/software/", "records/databases/",
                  "records/units/", "records/mail/accounts/")


def make_git(out: Path, texts: dict[str, bytes], world: World, yaml: Yaml, commits: int, nfiles: int, seed: int) -> None:
    """History: commit 1 adds everything; commits 2..C each edit a few of
    `nfiles` record files (their `note`); the last version of each file is
    what the working tree holds."""
    rng = random.Random(seed + 1)
    pool = sorted(p for p in texts if p.startswith(NOTE_REGISTERS))
    nfiles = min(nfiles, len(pool))
    chosen = rng.sample(pool, nfiles)
    edits = max(1, commits - 1)
    per = max(1, math.ceil(nfiles / edits))
    people = [s for s in world.staff if "it-staff" in s.get("roles", [])]
    start = dt.datetime(2025, 12, 1, 8, 0)
    span = (dt.datetime(2026, 11, 22, 17, 0) - start).total_seconds()
    order = list(chosen)
    rng.shuffle(order)
    cursor = 0
    stream = []

    def data(b: bytes) -> None:
        stream.append(b"data %d\n" % len(b))
        stream.append(b)
        stream.append(b"\n")

    def header(i: int, who: dict, msg: str) -> None:
        when = int((start + dt.timedelta(seconds=span * i / max(1, commits))).timestamp())
        ident = f"{who['full_name']} <{who.get('email', 'cntt@vss.gov.vn')}> {when} +0700".encode()
        stream.append(b"commit refs/heads/main\n")
        stream.append(b"mark :%d\n" % (i + 1))
        stream.append(b"author " + ident + b"\n")
        stream.append(b"committer " + ident + b"\n")
        data(msg.encode())
        if i:
            stream.append(b"from :%d\n" % i)

    header(0, people[0], "Nhập sổ theo dõi CNTT ban đầu")
    for path in sorted(texts):
        stream.append(b"M 100644 inline " + path.encode() + b"\n")
        data(texts[path])
    for i in range(1, commits):
        k = per if rng.random() < 0.7 else rng.randrange(1, per * 2 + 1)
        touched = []
        for _ in range(k):
            touched.append(order[cursor % len(order)])
            cursor += 1
        touched = sorted(set(touched))
        who = rng.choice(people)
        names = ", ".join(Path(p).stem for p in touched[:3]) + (" …" if len(touched) > 3 else "")
        header(i, who, f"Cập nhật hồ sơ {names}\n\nLần cập nhật {i}.")
        for path in touched:
            clean = _clean(world, path)
            clean["note"] = f"Cập nhật lần {i} ngày {(start + dt.timedelta(seconds=span * i / max(1, commits))).date().isoformat()} bởi {who['full_name']}."
            text = yaml.dump(clean).encode()
            texts[path] = text
            stream.append(b"M 100644 inline " + path.encode() + b"\n")
            data(text)
    stream.append(b"done\n")
    subprocess.run(["git", "init", "-q", "-b", "main", str(out)], check=True)
    subprocess.run(["git", "-C", str(out), "fast-import", "--quiet", "--done"], input=b"".join(stream), check=True)
    subprocess.run(["git", "-C", str(out), "reset", "-q", "--hard", "main"], check=True)


def _clean(world: World, path: str) -> dict:
    rec = world.files[path]
    out = {k: v for k, v in rec.items() if not k.startswith("_")}
    if path.startswith("records/staff/"):
        out = {k: v for k, v in out.items() if k not in ("email", "mobile", "left")}
        if "email" in rec:
            out["email"] = rec["email"]
        out["mobile"] = rec["mobile"]
        if "left" in rec:
            out["left"] = rec["left"]
    return out


# ----------------------------------------------------------------------- main

def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--assets", type=int, default=10000)
    ap.add_argument("--out", type=Path, required=True)
    ap.add_argument("--seed", type=int, default=3582)
    ap.add_argument("--shape", choices=("bhxh", "scaled"), default="bhxh",
                    help="unit tree: the agency's real shape (default) or the older one that grows with --assets")
    ap.add_argument("--hugo", type=Path)
    ap.add_argument("--zola", type=Path)
    ap.add_argument("--quote-dates", action="store_true")
    ap.add_argument("--git-commits", type=int, default=0)
    ap.add_argument("--git-files", type=int, default=0)
    args = ap.parse_args()

    world = World(args.assets, args.seed, args.shape)
    world.build()
    yaml = Yaml(args.quote_dates)
    out: Path = args.out
    if out.exists():
        shutil.rmtree(out)
    out.mkdir(parents=True)
    texts: dict[str, bytes] = {}
    for path, rec in world.records():
        texts[path] = yaml.dump(rec).encode()
    for folder in ("schema", "procedures"):
        for f in sorted((ITREG / folder).iterdir()):
            if f.is_file():
                texts[f"{folder}/{f.name}"] = f.read_bytes()
    texts["itreg.toml"] = ('# Synthetic repository made by bench/generate.py\n[site]\n'
                           f'title = "Sổ theo dõi CNTT — dữ liệu tổng hợp {args.assets} thiết bị"\n').encode()
    if args.git_commits:
        make_git(out, texts, world, yaml, args.git_commits, args.git_files or 1000, args.seed)
    else:
        for path, b in texts.items():
            target = out / path
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(b)
    counts: dict[str, int] = {}
    for p in texts:
        if p.startswith("records/"):
            parts = p.split("/")
            reg = "/".join(parts[1:3]) if parts[1] == "mail" else parts[1]
            counts[reg] = counts.get(reg, 0) + 1
    summary = ", ".join(f"{k} {v}" for k, v in sorted(counts.items()))
    print(f"generate.py: {sum(counts.values())} records ({summary}) → {out}", file=sys.stderr)
    if args.hugo:
        pages = write_hugo(world, args.hugo)
        print(f"generate.py: Hugo site, {pages} pages → {args.hugo}", file=sys.stderr)
    if args.zola:
        pages = write_zola(world, args.zola)
        print(f"generate.py: Zola site, {pages} pages → {args.zola}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
