"""Texts of sharing a call by a link (the owner's /share and /shared, and the reader's side) in English and
Russian."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class SharingTexts:
    button_share: str
    choose_expiry: str  # {title}
    button_expiry: tuple[tuple[str, str], ...]  # expiry choice → label
    link_made: str  # {title} {link} {until}
    until_never: str
    until_date: str  # {date}
    button_post: str
    button_revoke: str
    shared_title: str  # {shown} {total}
    shared_line: str  # {n} {title} {created} {until} {opened}
    shared_expired: str  # {date}
    shared_empty: str
    button_revoke_n: str  # {n}
    revoked: str  # {title}
    link_gone: str
    link_unknown: str
    link_expired: str
    link_revoked: str
    link_own: str  # {title}
    link_private_only: str
    opened: str  # {title}
    no_summary: str
    no_access: str
    button_ask: str
    ask_prompt: str  # {title}
    transcript_choose: str  # {title}

    def expiry_label(self, choice: str) -> str:
        return dict(self.button_expiry)[choice]


EN_SHARING = SharingTexts(
    button_share="🔗 Share",
    choose_expiry=(
        "Share “{title}” by a link: whoever opens it can read the summary and the transcript and ask questions "
        "about this call — not rename, change or delete anything. How long should the link work?"
    ),
    button_expiry=(("1d", "1 day"), ("7d", "7 days"), ("never", "No expiry")),
    link_made=(
        "🔗 Link to “{title}”, read-only, {until}:\n{link}\n\n"
        "Send it to whom you want, or post it to a chat with the button below. I show the link only now; "
        "/shared lists your links, and revoking one takes away the access of everyone who opened it."
    ),
    until_never="with no expiry",
    until_date="until {date}",
    button_post="📤 Post to a chat",
    button_revoke="🚫 Revoke",
    shared_title="Your shared links ({shown} of {total}):",
    shared_line="{n}. “{title}” — made {created}, {until}, opened by {opened}",
    shared_expired="expired {date}",
    shared_empty="You have no shared links. Open a call in /calls and press 🔗 Share.",
    button_revoke_n="🚫 Revoke {n}",
    revoked="🚫 The link to “{title}” is revoked: it no longer opens, and nobody keeps access through it.",
    link_gone="This link is already revoked or deleted.",
    link_unknown="This link is not valid: it may be mistyped, or its call was deleted.",
    link_expired="This link has expired. Ask the person who shared it for a new one.",
    link_revoked="This link was revoked by the person who shared it.",
    link_own="This is a link to your own call “{title}”: it is in /calls.",
    link_private_only="Open this link in a private chat with me: a shared call is shown only to the one who opens it.",
    opened=(
        "🔗 “{title}” was shared with you, read-only: its summary, its transcript and answers to your questions. "
        "It does not appear in your /calls."
    ),
    no_summary="This call has no summary yet.",
    no_access="This shared call is no longer available to you: the link was revoked or has expired.",
    button_ask="❓ Ask about this call",
    ask_prompt="Send your question about “{title}”.",
    transcript_choose="Transcript of “{title}” — choose a format:",
)

RU_SHARING = SharingTexts(
    button_share="🔗 Поделиться",
    choose_expiry=(
        "Поделиться «{title}» по ссылке: открывший её сможет читать резюме и расшифровку и задавать вопросы "
        "об этом звонке — но не переименовывать, менять или удалять. Сколько будет работать ссылка?"
    ),
    button_expiry=(("1d", "1 день"), ("7d", "7 дней"), ("never", "Без срока")),
    link_made=(
        "🔗 Ссылка на «{title}», только чтение, {until}:\n{link}\n\n"
        "Отправьте её кому нужно или опубликуйте в чате кнопкой ниже. Ссылку я показываю только сейчас; "
        "/shared покажет ваши ссылки, а отзыв ссылки лишает доступа всех, кто её открыл."
    ),
    until_never="без срока",
    until_date="до {date}",
    button_post="📤 Отправить в чат",
    button_revoke="🚫 Отозвать",
    shared_title="Ваши ссылки ({shown} из {total}):",
    shared_line="{n}. «{title}» — создана {created}, {until}, открыли: {opened}",
    shared_expired="истекла {date}",
    shared_empty="У вас нет ссылок. Откройте звонок в /calls и нажмите 🔗 Поделиться.",
    button_revoke_n="🚫 Отозвать {n}",
    revoked="🚫 Ссылка на «{title}» отозвана: она больше не открывается, и доступа по ней ни у кого нет.",
    link_gone="Эта ссылка уже отозвана или удалена.",
    link_unknown="Ссылка недействительна: возможно, в ней опечатка или звонок удалён.",
    link_expired="Срок действия ссылки истёк. Попросите поделившегося прислать новую.",
    link_revoked="Эту ссылку отозвал тот, кто ею поделился.",
    link_own="Это ссылка на ваш собственный звонок «{title}»: он есть в /calls.",
    link_private_only=(
        "Откройте эту ссылку в личном чате со мной: общий звонок показывается только тому, кто её открыл."
    ),
    opened=(
        "🔗 С вами поделились звонком «{title}», только для чтения: резюме, расшифровка и ответы на ваши "
        "вопросы. В ваших /calls он не появится."
    ),
    no_summary="У этого звонка ещё нет резюме.",
    no_access="Этот звонок вам больше недоступен: ссылку отозвали или её срок истёк.",
    button_ask="❓ Спросить об этом звонке",
    ask_prompt="Отправьте вопрос о «{title}».",
    transcript_choose="Расшифровка «{title}» — выберите формат:",
)
