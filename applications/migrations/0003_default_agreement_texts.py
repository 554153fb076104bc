"""The default code of ethics and endorsement agreement, in plain language; admins edit or replace them."""

import datetime

from django.db import migrations

CODE_OF_ETHICS = """As a person endorsed for Culturally Sensitive, Relationship-Focused Practice Promoting Infant and Early Childhood Mental Health, I agree to practise by these principles.

1. The well-being of the infant or young child comes first. I work on behalf of the infant or young child and the relationships that support their development. I keep the child's safety and well-being at the centre of my decisions, and I follow the law on reporting suspected abuse or neglect.

2. Relationship-focused practice. I recognise that infants and young children develop within relationships. I support the relationships between the child and their parents and other caregivers, and I treat families as partners who know their child best.

3. Cultural humility. I respect the culture, language, beliefs, values and family structure of every family I serve. I keep learning about my own culture, assumptions and biases and how they affect my work. I do not discriminate on the basis of race, ethnicity, culture, language, religion, gender, gender identity, sexual orientation, age, disability, income or immigration status.

4. Confidentiality. I keep what families tell me, and the records I keep about them, confidential. I share information only with the family's informed consent, when the law requires it, or when a child or another person is at risk of serious harm. I explain the limits of confidentiality to families at the start of our work together.

5. Reflective practice. I take part in reflective supervision or consultation as my role requires. I pay attention to my own thoughts and feelings and to how they affect my work with infants, young children and families, and I seek support when my work is affected.

6. Working within my competence. I practise only within the limits of my education, training, experience and any license I hold. I refer families to other professionals when their needs are beyond my role or competence, and I consult with colleagues when I am unsure.

7. Professional boundaries. I do not use my relationship with a family for my own personal, financial or other gain. I avoid dual relationships that could harm a family or affect my judgment, and I talk them through in reflective supervision or consultation when they cannot be avoided.

8. Honesty. I represent my education, training, experience, license and endorsement accurately, to families, to employers and to the association.

9. Continued learning. I keep my knowledge and skills current through specialized training and reflective supervision or consultation, as the Competency Guidelines describe.

10. Responsibility to colleagues and the field. I treat colleagues with respect, I support the professional growth of others, and I take appropriate action when I learn that a colleague's conduct puts infants, young children or families at risk.
"""

AGREEMENT = """By signing this agreement I apply for Endorsement for Culturally Sensitive, Relationship-Focused Practice Promoting Infant and Early Childhood Mental Health in the category I have chosen, and I agree to the following.

1. Honest representation. Everything in my application is true and complete to the best of my knowledge: my education, work and volunteer experience, specialized training, reflective supervision or consultation, and leadership activities. The documents I upload are genuine. I understand that the association may check any part of my application with schools, employers, trainers and the people I name.

2. References. The people I name as reference raters know my work. I will not write or change their ratings, and I understand that they rate me independently.

3. Review of my application. I understand that the Endorsement coordinator and reviewers will read my application and may ask me for more information or changes, and that categories with a written examination also require me to pass it before endorsement is granted.

4. The Code of Ethics. I have read the Code of Ethics and I will practise by it.

5. Keeping my endorsement current. Endorsement is not permanent. To keep it, I will renew it when renewal is due, as the Competency Guidelines for my category describe: I will keep my membership in the association current, complete the required hours of specialized training related to infant and early childhood mental health, and, where my category requires it, receive (and, where I provide it, take part in training about) reflective supervision or consultation. I will keep records of these hours and submit them with my renewal.

6. Using the endorsement. I will describe my endorsement accurately, by its category, and only while it is current. I will not suggest that I am endorsed in a category I do not hold, or that the endorsement is a license to practise.

7. Changes. I will tell the association promptly if my name or contact details change, and if any license or certification I hold is suspended, restricted or revoked.

8. Suspension and revocation. I understand that the association may suspend or revoke my endorsement if I do not renew it, if I misrepresent my qualifications, if I act against the Code of Ethics, or if a license or certification I rely on is revoked for professional misconduct. If my endorsement is revoked I will stop using it and its designation.

9. My information. I agree that the association keeps my application and the documents I upload to administer the endorsement, and that my name, category and endorsement status may be confirmed to anyone who asks. I decide myself whether to be listed in the public directory.
"""


def create_texts(apps, schema_editor):
    AgreementText = apps.get_model("applications", "AgreementText")
    effective = datetime.date(2025, 1, 1)
    for kind, title, body in (
        ("code_of_ethics", "Code of Ethics", CODE_OF_ETHICS),
        ("agreement", "Endorsement Agreement", AGREEMENT),
    ):
        AgreementText.objects.get_or_create(
            association=None,
            kind=kind,
            version="2025-1",
            defaults={"title": title, "body": body.strip(), "effective_date": effective},
        )


class Migration(migrations.Migration):
    dependencies = [("applications", "0002_agreement_text")]

    operations = [migrations.RunPython(create_texts, migrations.RunPython.noop)]
