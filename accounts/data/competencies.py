"""The competency dictionary (PermenPANRB 38/2017): managerial M.01-M.08,
socio-cultural, and a selection of the city's technical competencies.

Level descriptions 1-5 follow the regulation's progression.
"""

MANAGERIAL = [
    ("M.01", "Integritas", "Konsisten berperilaku selaras dengan nilai, norma dan etika organisasi, jujur dalam hubungan dengan manajemen, rekan kerja, bawahan langsung, dan pemangku kepentingan."),
    ("M.02", "Kerjasama", "Kemampuan menjalin, membina, mempertahankan hubungan kerja yang efektif, memiliki komitmen saling membantu dalam penyelesaian tugas."),
    ("M.03", "Komunikasi", "Kemampuan untuk menerangkan pandangan dan gagasan secara jelas, sistematis disertai argumentasi yang logis dengan cara-cara yang sesuai baik secara lisan maupun tertulis."),
    ("M.04", "Orientasi pada Hasil", "Kemampuan mempertahankan komitmen pribadi yang tinggi untuk menyelesaikan tugas, dapat diandalkan, bertanggung jawab."),
    ("M.05", "Pelayanan Publik", "Kemampuan dalam melaksanakan tugas-tugas pemerintahan, pembangunan dan kegiatan pemenuhan kebutuhan pelayanan publik secara profesional, transparan, mengikuti standar pelayanan."),
    ("M.06", "Pengembangan Diri dan Orang Lain", "Kemampuan untuk meningkatkan pengetahuan dan menyempurnakan keterampilan diri; menginspirasi orang lain untuk mengembangkan dan menyempurnakan pengetahuan dan keterampilan."),
    ("M.07", "Mengelola Perubahan", "Kemampuan dalam menyesuaikan diri dengan situasi yang berubah dan aktif mendorong organisasi menyesuaikan diri terhadap perubahan."),
    ("M.08", "Pengambilan Keputusan", "Kemampuan membuat keputusan yang baik secara tepat waktu dan dengan keyakinan diri setelah mempertimbangkan prinsip kehati-hatian."),
]  # fmt: skip

SOCIO_CULTURAL = [
    ("SK.01", "Perekat Bangsa", "Kemampuan dalam mempromosikan sikap toleransi, keterbukaan, peka terhadap perbedaan individu/kelompok masyarakat; mampu menjadi perpanjangan tangan pemerintah dalam mempersatukan masyarakat."),
]  # fmt: skip

TECHNICAL = [
    ("T.ADM.01", "Administrasi Kependudukan", "Pelayanan dokumen kependudukan (KTP-el, KK, akta) sesuai ketentuan."),
    ("T.KEU.01", "Pengelolaan Keuangan Daerah", "Perencanaan, penatausahaan dan pelaporan keuangan daerah melalui SIPD."),
    ("T.TIK.01", "Pemanfaatan Aplikasi E-Government", "Penggunaan aplikasi pemerintahan berbasis elektronik (e-office, e-kinerja, SIPD) dalam tugas sehari-hari."),
    ("T.TIK.02", "Keamanan Informasi", "Penerapan praktik keamanan informasi dan pelindungan data pribadi."),
    ("T.PBJ.01", "Pengadaan Barang dan Jasa", "Pelaksanaan pengadaan barang/jasa pemerintah melalui SPSE."),
    ("T.PLY.01", "Standar Pelayanan Publik", "Penyusunan dan penerapan standar pelayanan serta survei kepuasan masyarakat."),
    ("T.PER.01", "Perizinan Berusaha", "Pelayanan perizinan berusaha berbasis risiko melalui OSS-RBA dan PBG."),
    ("T.KES.01", "Pelayanan Kesehatan Dasar", "Pelayanan kesehatan dasar di puskesmas sesuai standar."),
]  # fmt: skip

LEVELS = {
    1: "Level 1 - Memahami: mengetahui dan menerapkan dalam lingkup tugas sendiri dengan bimbingan.",
    2: "Level 2 - Menerapkan: menerapkan secara mandiri dan konsisten dalam tugas sendiri.",
    3: "Level 3 - Mengembangkan: menerapkan dan mengembangkan dalam lingkup unit kerja.",
    4: "Level 4 - Menguasai: menjadi rujukan dan membimbing orang lain dalam lingkup instansi.",
    5: "Level 5 - Ahli: menciptakan terobosan dan menjadi rujukan lintas instansi.",
}
