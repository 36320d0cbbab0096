"""The level descriptors shipped for PermenPANRB 38/2017 before the regulation's own
wording was found (paraphrases, 2026-11-29). A level description still equal to
one of them was never edited by HR, so the loader replaces it like a placeholder."""

SUPERSEDED = frozenset(
    {
        # M.01 Integritas
        "Bertindak sesuai nilai, norma dan etika organisasi dalam kapasitas pribadi.",
        "Mengingatkan dan mengajak rekan kerja untuk bertindak sesuai nilai, norma dan etika organisasi.",
        "Memastikan dan menanamkan keyakinan bersama agar anggota yang dipimpin bertindak sesuai nilai, norma dan etika organisasi dalam lingkup formal.",
        "Menciptakan situasi kerja yang membuat rekan kerja dan anggota tim bertindak sesuai nilai, norma dan etika organisasi.",
        "Menjadi teladan (role model) dalam penerapan standar keadilan dan etika di tingkat nasional.",
        # M.02 Kerjasama
        "Berpartisipasi sebagai anggota tim yang baik: mengerjakan bagiannya dan mendukung keputusan tim.",
        "Menumbuhkan tim kerja yang partisipatif dan efektif.",
        "Membangun tim kerja yang efektif untuk meningkatkan kinerja organisasi.",
        "Membangun komitmen tim dan sinergi antarunit kerja.",
        "Menciptakan kerja sama yang berkelanjutan dengan pemangku kepentingan lintas instansi untuk kepentingan nasional.",
        # M.03 Komunikasi
        "Menyampaikan informasi dengan jelas dan lengkap sehingga dipahami sama oleh penerimanya.",
        "Aktif berkomunikasi secara formal dan informal; mendengarkan dan menanggapi dengan tepat; menyusun bahan presentasi, naskah dan laporan.",
        "Berkomunikasi secara asertif; menyampaikan informasi yang sensitif, rumit atau kompleks secara lisan maupun tertulis.",
        "Mengemukakan pemikiran multidimensi secara lisan dan tertulis untuk mendorong kesepakatan demi kinerja organisasi.",
        "Menggagas sistem komunikasi yang terbuka dan strategis untuk mencari solusi dan meningkatkan kinerja di tingkat nasional.",
        # M.04 Orientasi pada Hasil
        "Bertanggung jawab memenuhi standar kerja yang ditetapkan.",
        "Berupaya mencapai hasil kerja pribadi di atas standar; mencari dan mencoba metode alternatif untuk meningkatkan kinerja.",
        "Menetapkan target kerja yang menantang bagi unit kerja; memberi apresiasi dan teguran untuk mendorong kinerja.",
        "Mendorong unit kerja mencapai atau melampaui target dan hasil kerja sebelumnya.",
        "Menyusun kebijakan dengan target kinerja tinggi di tingkat nasional.",
        # M.05 Pelayanan Publik
        "Menjalankan tugas sesuai standar pelayanan.",
        "Menyelia dan menjelaskan proses pelaksanaan tugas pemerintahan dan pelayanan publik secara transparan.",
        "Memanfaatkan kekuatan kelompok dan memperbaiki standar pelayanan publik di lingkup unit kerja.",
        "Memantau, mengevaluasi dan mengantisipasi dampak isu jangka panjang terhadap pelayanan kebutuhan pemangku kepentingan secara transparan, independen dan objektif.",
        "Memastikan kebijakan pelayanan publik yang menjamin terselenggaranya pelayanan yang objektif, independen dan transparan.",
        # M.06 Pengembangan Diri dan Orang Lain
        "Mengembangkan diri: meningkatkan pengetahuan dan menyempurnakan keterampilan sendiri.",
        "Meningkatkan kemampuan bawahan dengan memberi contoh dan menjelaskan cara melaksanakan pekerjaan.",
        "Memberikan umpan balik dan bimbingan untuk mengembangkan anggota unit kerja.",
        "Menyusun program pengembangan jangka panjang yang mendorong manajemen pembelajaran.",
        "Menciptakan situasi yang mendorong organisasi belajar dan berkembang secara berkelanjutan di tingkat nasional.",
        # M.07 Mengelola Perubahan
        "Menyesuaikan diri dengan perubahan sesuai arahan.",
        "Proaktif beradaptasi dengan perubahan.",
        "Membantu orang lain mengikuti perubahan dan mengantisipasi perubahan secara tepat.",
        "Memimpin perubahan di unit kerja.",
        "Mengarahkan dan mengendalikan perubahan organisasi secara strategis di tingkat nasional.",
        # M.08 Pengambilan Keputusan
        "Mengumpulkan informasi untuk bertindak sesuai kewenangan.",
        "Menganalisis masalah secara mendalam sebelum mengambil keputusan.",
        "Membandingkan berbagai alternatif dan menimbang risiko keberhasilan implementasinya.",
        "Menyelesaikan masalah berisiko tinggi; mengantisipasi dampak keputusan dan menyiapkan mitigasi risiko.",
        "Menghasilkan solusi dan keputusan strategis jangka panjang yang berdampak nasional.",
        # SK.01 Perekat Bangsa
        "Peka terhadap kemajemukan: memahami dan menerima perbedaan individu dan kelompok.",
        "Aktif mengembangkan sikap saling menghargai, menekankan persamaan dan persatuan.",
        "Mempromosikan dan mengembangkan sikap toleransi dan persatuan di lingkungan kerja.",
        "Mendayagunakan perbedaan secara konstruktif dan kreatif untuk meningkatkan efektivitas organisasi.",
        "Menjadi wakil pemerintah dalam membangun hubungan sosial-psikologis yang mempersatukan masyarakat yang majemuk.",
    }
)
