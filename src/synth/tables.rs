//! The generator's static tables: provinces, agencies, dataset topics, update frequencies,
//! distribution formats, and the administrative units (communes) read from
//! `ontologies/admin-units-2025.csv`.

use std::io;

const ADMIN_UNITS: &str = include_str!("../../ontologies/admin-units-2025.csv");

/// A province the generator knows: its record host, name, codes and the neighbour its
/// lineage crosses into.
pub(super) struct Province {
    pub(super) slug: &'static str,
    pub(super) name: &'static str,
    pub(super) code: &'static str,
    pub(super) hcode: &'static str,
    pub(super) partner: &'static str,
}

const PROVINCES: &[Province] = &[
    Province {
        slug: "nghe-an",
        name: "Nghệ An",
        code: "40",
        hcode: "H40",
        partner: "ha-tinh",
    },
    Province {
        slug: "ha-tinh",
        name: "Hà Tĩnh",
        code: "42",
        hcode: "H42",
        partner: "thanh-hoa",
    },
    Province {
        slug: "thanh-hoa",
        name: "Thanh Hóa",
        code: "38",
        hcode: "H38",
        partner: "nghe-an",
    },
];

/// The provincial agencies after the 1 March 2025 reorganisation: (slug, Vietnamese, English).
pub(super) const AGENCIES: &[(&str, &str, &str)] = &[
    (
        "ubnd-tinh",
        "Ủy ban nhân dân tỉnh",
        "Provincial People's Committee",
    ),
    (
        "van-phong-ubnd-tinh",
        "Văn phòng UBND tỉnh",
        "Office of the Provincial People's Committee",
    ),
    ("so-noi-vu", "Sở Nội vụ", "Department of Home Affairs"),
    ("so-tu-phap", "Sở Tư pháp", "Department of Justice"),
    ("so-tai-chinh", "Sở Tài chính", "Department of Finance"),
    (
        "so-cong-thuong",
        "Sở Công Thương",
        "Department of Industry and Trade",
    ),
    (
        "so-nong-nghiep-va-moi-truong",
        "Sở Nông nghiệp và Môi trường",
        "Department of Agriculture and Environment",
    ),
    ("so-xay-dung", "Sở Xây dựng", "Department of Construction"),
    (
        "so-khoa-hoc-va-cong-nghe",
        "Sở Khoa học và Công nghệ",
        "Department of Science and Technology",
    ),
    (
        "so-van-hoa-the-thao-va-du-lich",
        "Sở Văn hóa, Thể thao và Du lịch",
        "Department of Culture, Sports and Tourism",
    ),
    (
        "so-giao-duc-va-dao-tao",
        "Sở Giáo dục và Đào tạo",
        "Department of Education and Training",
    ),
    ("so-y-te", "Sở Y tế", "Department of Health"),
    (
        "thanh-tra-tinh",
        "Thanh tra tỉnh",
        "Provincial Inspectorate",
    ),
    (
        "so-ngoai-vu",
        "Sở Ngoại vụ",
        "Department of Foreign Affairs",
    ),
    (
        "so-dan-toc-va-ton-giao",
        "Sở Dân tộc và Tôn giáo",
        "Department of Ethnic and Religious Affairs",
    ),
    ("cong-an-tinh", "Công an tỉnh", "Provincial Police"),
];

/// A dataset topic: (Vietnamese, English, theme code, owning agency index, keywords).
pub(super) type Topic = (
    &'static str,
    &'static str,
    &'static str,
    usize,
    &'static [&'static str],
);

pub(super) const TOPICS: &[Topic] = &[
    (
        "Quy hoạch sử dụng đất",
        "Land-use plan",
        "dat-dai",
        6,
        &["đất đai", "quy hoạch"],
    ),
    (
        "Bảng giá đất",
        "Land price table",
        "dat-dai",
        4,
        &["đất đai", "giá đất"],
    ),
    (
        "Giấy chứng nhận quyền sử dụng đất đã cấp",
        "Issued land-use right certificates",
        "dat-dai",
        6,
        &["đất đai", "sổ đỏ"],
    ),
    (
        "Đăng ký khai sinh",
        "Birth registrations",
        "xa-hoi",
        3,
        &["hộ tịch", "khai sinh"],
    ),
    (
        "Đăng ký kết hôn",
        "Marriage registrations",
        "xa-hoi",
        3,
        &["hộ tịch", "kết hôn"],
    ),
    (
        "Danh sách trường học",
        "Schools",
        "giao-duc",
        10,
        &["giáo dục", "trường học"],
    ),
    (
        "Kết quả thi tốt nghiệp THPT",
        "Upper-secondary graduation results",
        "giao-duc",
        10,
        &["giáo dục", "thi cử"],
    ),
    (
        "Cơ sở khám chữa bệnh",
        "Health facilities",
        "y-te",
        11,
        &["y tế", "bệnh viện"],
    ),
    (
        "Tiêm chủng mở rộng",
        "Expanded immunisation",
        "y-te",
        11,
        &["y tế", "tiêm chủng"],
    ),
    (
        "Điểm du lịch",
        "Tourist sites",
        "kinh-te-thuong-mai",
        9,
        &["du lịch", "di tích"],
    ),
    (
        "Sản lượng lúa",
        "Rice production",
        "nong-nghiep",
        6,
        &["nông nghiệp", "lúa gạo"],
    ),
    (
        "Diện tích rừng",
        "Forest cover",
        "moi-truong",
        6,
        &["rừng", "lâm nghiệp"],
    ),
    (
        "Lượng mưa và mực nước sông Lam",
        "Rainfall and water level of the Lam river",
        "moi-truong",
        6,
        &["lũ lụt", "thủy văn", "sông Lam"],
    ),
    (
        "Quan trắc chất lượng không khí",
        "Air-quality monitoring",
        "moi-truong",
        6,
        &["môi trường", "không khí"],
    ),
    (
        "Doanh nghiệp đăng ký thành lập",
        "Newly registered enterprises",
        "kinh-te-thuong-mai",
        4,
        &["doanh nghiệp", "đăng ký kinh doanh"],
    ),
    (
        "Dự án đầu tư công",
        "Public investment projects",
        "tai-chinh",
        4,
        &["đầu tư công", "ngân sách"],
    ),
    (
        "Thu chi ngân sách",
        "Budget revenue and expenditure",
        "tai-chinh",
        4,
        &["ngân sách", "tài chính"],
    ),
    (
        "Mạng lưới giao thông đường bộ",
        "Road network",
        "nang-luong-ha-tang",
        7,
        &["giao thông", "hạ tầng"],
    ),
    (
        "Dân số theo đơn vị hành chính",
        "Population by administrative unit",
        "dia-phuong",
        2,
        &["dân số", "thống kê"],
    ),
    (
        "Đối tượng hưởng trợ cấp xã hội",
        "Social allowance recipients",
        "lao-dong",
        2,
        &["trợ cấp", "an sinh xã hội"],
    ),
    (
        "Hồ sơ thủ tục hành chính",
        "Administrative procedure files",
        "dia-phuong",
        1,
        &["thủ tục hành chính", "dịch vụ công"],
    ),
    (
        "Khu công nghiệp và cụm công nghiệp",
        "Industrial zones and clusters",
        "kinh-te-thuong-mai",
        5,
        &["công nghiệp", "khu kinh tế"],
    ),
    (
        "Chỉ số chuyển đổi số",
        "Digital transformation index",
        "cong-nghe",
        8,
        &["chuyển đổi số", "DTI"],
    ),
    (
        "Đơn thư khiếu nại, tố cáo",
        "Complaints and denunciations",
        "xa-hoi",
        12,
        &["khiếu nại", "tố cáo", "thanh tra"],
    ),
];

/// Accrual periodicities (EU frequency codes), cycled through by dataset number.
pub(super) const FREQUENCIES: &[&str] =
    &["ANNUAL", "QUARTERLY", "MONTHLY", "WEEKLY", "DAILY", "IRREG"];
/// Distribution formats: (EU file type, media type), cycled through by dataset number.
pub(super) const FORMATS: &[(&str, &str)] = &[
    ("CSV", "text/csv"),
    ("JSON", "application/json"),
    (
        "XLSX",
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    ),
    ("PDF", "application/pdf"),
    ("SHP", "application/vnd.shp"),
];

/// The province named by `slug`, or an `InvalidInput` error listing the known ones.
pub(super) fn province(slug: &str) -> io::Result<&'static Province> {
    PROVINCES.iter().find(|p| p.slug == slug).ok_or_else(|| {
        io::Error::new(
            io::ErrorKind::InvalidInput,
            format!(
                "unknown province '{}': known are {}",
                slug,
                PROVINCES
                    .iter()
                    .map(|p| p.slug)
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
        )
    })
}

/// The communes of the province with this code: (commune code, Vietnamese name).
pub(super) fn units(province_code: &str) -> Vec<(&'static str, &'static str)> {
    ADMIN_UNITS
        .lines()
        .skip(1)
        .filter_map(|l| {
            let f: Vec<&str> = l.split(',').collect();
            (f.len() >= 4 && f[0] == province_code).then(|| (f[2], f[3]))
        })
        .collect()
}
