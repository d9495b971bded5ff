"""The Vietnamese translation keeps to the README's glossary: a rating is a
"phiếu đánh giá", an answer a "câu trả lời", a reply to a citizen never a
"câu trả lời", and the words that misled are gone."""

from odoo.tests import TransactionCase, tagged
from odoo.tools import file_open
from odoo.tools.translate import PoFileReader


@tagged("post_install", "-at_install", "satisfaction_survey")
class TestGlossary(TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        with file_open("satisfaction_survey/i18n/vi.po", "rb") as po:
            cls.terms = {row["src"]: row["value"] for row in PoFileReader(po)}

    def test_one_word_per_thing(self):
        for src, value in self.terms.items():
            lower = value.lower()
            self.assertNotIn("lượt đánh giá", lower, src)
            self.assertNotIn("độ tin cậy", lower, src)
            self.assertNotIn("khoảng ngày", lower, src)
            if "reply" in src.lower():
                self.assertNotIn("câu trả lời", lower, src)
            if "not enough answers" in src.lower():
                self.assertIn("chưa đủ mẫu", lower, src)

    def test_glossary_terms(self):
        for src, value in (
            ("Ratings", "Phiếu đánh giá"),
            ("Response", "Phiếu đánh giá"),
            ("Rating Request", "Yêu cầu đánh giá"),
            ("Satisfied Answers", "Số câu trả lời hài lòng"),
            ("Minimum Sample", "Cỡ mẫu tối thiểu"),
            ("Range of Months", "Khoảng tháng"),
            ("SOCIALIST REPUBLIC OF VIETNAM", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"),
            ("Independence - Freedom - Happiness", "Độc lập - Tự do - Hạnh phúc"),
        ):
            self.assertEqual(self.terms.get(src), value, src)
