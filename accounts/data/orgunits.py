"""Perangkat daerah of Pemkot Medan and units under them (a realistic selection).

Rows: (code, name, short name, kind, parent code or None, serves the public).
"""

KECAMATAN = [
    "Medan Amplas", "Medan Area", "Medan Barat", "Medan Baru", "Medan Belawan",
    "Medan Deli", "Medan Denai", "Medan Helvetia", "Medan Johor", "Medan Kota",
    "Medan Labuhan", "Medan Maimun", "Medan Marelan", "Medan Perjuangan", "Medan Petisah",
    "Medan Polonia", "Medan Selayang", "Medan Sunggal", "Medan Tembung", "Medan Timur",
    "Medan Tuntungan",
]  # fmt: skip

# A few kelurahan of some kecamatan (Medan has 151).
KELURAHAN = {
    "Medan Baru": ["Padang Bulan", "Titi Rantai", "Darat", "Babura", "Merdeka", "Petisah Hulu"],
    "Medan Petisah": ["Petisah Tengah", "Sei Putih Timur I", "Sekip"],
    "Medan Selayang": ["Tanjung Sari", "Padang Bulan Selayang I", "Asam Kumbang"],
    "Medan Belawan": ["Belawan I", "Belawan II", "Bagan Deli"],
    "Medan Johor": ["Gedung Johor", "Kwala Bekala", "Pangkalan Masyhur"],
    "Medan Kota": ["Pasar Baru", "Teladan Barat", "Mesjid"],
}

PUSKESMAS = [
    ("Padang Bulan", "Medan Baru"),
    ("Teladan", "Medan Kota"),
    ("Medan Deli", "Medan Deli"),
    ("Belawan", "Medan Belawan"),
    ("Helvetia", "Medan Helvetia"),
    ("Polonia", "Medan Polonia"),
    ("Sunggal", "Medan Sunggal"),
    ("Tuntungan", "Medan Tuntungan"),
    ("Kedai Durian", "Medan Johor"),
    ("Sentosa Baru", "Medan Perjuangan"),
]

PERANGKAT_DAERAH = [
    ("setda", "Sekretariat Daerah Kota Medan", "Setda", "sekretariat", None, False),
    ("setda-organisasi", "Bagian Organisasi Setda", "Bag. Organisasi", "bagian", "setda", False),
    ("setda-hukum", "Bagian Hukum Setda", "Bag. Hukum", "bagian", "setda", False),
    ("setda-umum", "Bagian Umum Setda", "Bag. Umum", "bagian", "setda", False),
    ("setda-pbj", "Bagian Pengadaan Barang dan Jasa Setda", "Bag. PBJ", "bagian", "setda", False),
    ("setwan", "Sekretariat DPRD Kota Medan", "Setwan", "sekretariat", None, False),
    ("inspektorat", "Inspektorat Kota Medan", "Inspektorat", "inspektorat", None, False),
    ("bappedalitbang", "Badan Perencanaan Pembangunan, Penelitian dan Pengembangan", "Bappedalitbang", "badan", None, False),
    ("bkpsdm", "Badan Kepegawaian dan Pengembangan Sumber Daya Manusia", "BKPSDM", "badan", None, False),
    ("bpkad", "Badan Pengelolaan Keuangan dan Aset Daerah", "BPKAD", "badan", None, False),
    ("bapenda", "Badan Pendapatan Daerah", "Bapenda", "badan", None, True),
    ("bpbd", "Badan Penanggulangan Bencana Daerah", "BPBD", "badan", None, True),
    ("kesbangpol", "Badan Kesatuan Bangsa dan Politik", "Kesbangpol", "badan", None, False),
    ("disdik", "Dinas Pendidikan", "Disdik", "dinas", None, True),
    ("dinkes", "Dinas Kesehatan", "Dinkes", "dinas", None, True),
    ("disdukcapil", "Dinas Kependudukan dan Pencatatan Sipil", "Disdukcapil", "dinas", None, True),
    ("dpmptsp", "Dinas Penanaman Modal dan Pelayanan Terpadu Satu Pintu", "DPMPTSP", "dinas", None, True),
    ("dishub", "Dinas Perhubungan", "Dishub", "dinas", None, True),
    ("diskominfo", "Dinas Komunikasi dan Informatika", "Diskominfo", "dinas", None, True),
    ("dinsos", "Dinas Sosial", "Dinsos", "dinas", None, True),
    ("disnaker", "Dinas Tenaga Kerja", "Disnaker", "dinas", None, True),
    ("dlh", "Dinas Lingkungan Hidup", "DLH", "dinas", None, True),
    ("perkimcktr", "Dinas Perumahan, Kawasan Permukiman, Cipta Karya dan Tata Ruang", "Perkim CKTR", "dinas", None, True),
    ("sdabmbk", "Dinas Sumber Daya Air, Bina Marga dan Bina Konstruksi", "SDABMBK", "dinas", None, True),
    ("dp3apmp2kb", "Dinas Pemberdayaan Perempuan, Perlindungan Anak, Pemberdayaan Masyarakat, Pengendalian Penduduk dan Keluarga Berencana", "DP3APMP2KB", "dinas", None, True),
    ("dkp3", "Dinas Ketahanan Pangan, Pertanian dan Perikanan", "DKP3", "dinas", None, True),
    ("dinkopukmperindag", "Dinas Koperasi, Usaha Kecil dan Menengah, Perindustrian dan Perdagangan", "Dinkop UKM Perindag", "dinas", None, True),
    ("dispora", "Dinas Kepemudaan dan Olahraga", "Dispora", "dinas", None, True),
    ("disbudpar", "Dinas Kebudayaan dan Pariwisata", "Disbudpar", "dinas", None, True),
    ("dispusip", "Dinas Perpustakaan dan Kearsipan", "Dispusip", "dinas", None, True),
    ("damkar", "Dinas Pemadam Kebakaran dan Penyelamatan", "Damkar", "dinas", None, True),
    ("satpolpp", "Satuan Polisi Pamong Praja", "Satpol PP", "satuan", None, True),
    ("rsud-pirngadi", "RSUD Dr. Pirngadi", "RSUD Pirngadi", "rsud", "dinkes", True),
    ("rsud-bachtiar-djafar", "RSUD Bachtiar Djafar", "RSUD Bachtiar Djafar", "rsud", "dinkes", True),
    ("upt-pkb-dishub", "UPT Pengujian Kendaraan Bermotor", "UPT PKB", "upt", "dishub", True),
    ("upt-labkes", "UPT Laboratorium Kesehatan Daerah", "UPT Labkesda", "upt", "dinkes", True),
    ("upt-parkir", "UPT Perparkiran", "UPT Parkir", "upt", "dishub", True),
]  # fmt: skip


def slug(text: str) -> str:
    return text.lower().replace(".", "").replace(" ", "-")


def all_rows():
    """Every seeded unit, parents before children."""
    rows = list(PERANGKAT_DAERAH)
    for kec in KECAMATAN:
        rows.append((f"kec-{slug(kec)}", f"Kecamatan {kec}", f"Kec. {kec}", "kecamatan", None, True))
    for kec, kels in KELURAHAN.items():
        for kel in dict.fromkeys(kels):
            rows.append((f"kel-{slug(kel)}", f"Kelurahan {kel}", f"Kel. {kel}", "kelurahan", f"kec-{slug(kec)}", True))
    for name, _kec in PUSKESMAS:
        rows.append((f"pkm-{slug(name)}", f"Puskesmas {name}", f"PKM {name}", "puskesmas", "dinkes", True))
    return rows
