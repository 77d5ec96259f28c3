//! The table of what a service keeps in the browser or sends: cookies, local and session storage keys, pixel tags.

use std::sync::Arc;

use consent_core::Service;
use leptos::either::Either;
use leptos::prelude::*;

use crate::locale::Words;

/// A service's cookies, storage keys and pixels, behind a disclosure: name, provider, purpose, how long it is kept
/// (in words of the visitor's language) and what kind it is. On a narrow screen the rows become cards
/// (style/preferences.css); the explicit table roles keep them a table for screen readers however they are laid out.
#[component]
pub fn CookieTable(
    words: Arc<Words>,
    service: Service,
    /// The language of the config's own words (purposes), when it is not the visitor's.
    lang: Option<String>,
) -> impl IntoView {
    let texts = &words.texts;
    if service.items.is_empty() {
        return Either::Left(view! { <p class="cb-no-cookies">{texts.no_cookies.clone()}</p> });
    }
    let count = service.items.len();
    let headers = [
        texts.column_name.clone(),
        texts.column_provider.clone(),
        texts.column_purpose.clone(),
        texts.column_duration.clone(),
        texts.column_type.clone(),
    ];
    let head = headers.iter().map(|h| view! { <th scope="col" role="columnheader">{h.clone()}</th> }).collect_view();
    let rows = service
        .items
        .iter()
        .map(|item| {
            let provider = match &item.domain {
                Some(domain) if !service.provider.is_empty() => format!("{} ({domain})", service.provider),
                Some(domain) => domain.clone(),
                None => service.provider.clone(),
            };
            let cells = [
                (headers[1].clone(), provider, None),
                (headers[2].clone(), item.purpose.clone(), lang.clone()),
                (headers[3].clone(), texts.lifetime(item.duration, words.language.as_str()), None),
                (headers[4].clone(), texts.storage_kind(item.kind).to_owned(), None),
            ];
            view! {
                <tr role="row">
                    <td role="cell" data-label=headers[0].clone()>
                        <code>{item.name.clone()}</code>
                    </td>
                    {cells
                        .into_iter()
                        .map(|(label, text, lang)| view! { <td role="cell" data-label=label lang=lang>{text}</td> })
                        .collect_view()}
                </tr>
            }
        })
        .collect_view();
    let caption = texts.cookies_caption.replace("{service}", &service.name);
    Either::Right(view! {
        <details class="cb-cookies">
            <summary>{format!("{} ({count})", texts.cookies_summary)}</summary>
            <table class="cb-cookie-table" role="table">
                <caption>{caption}</caption>
                <thead>
                    <tr role="row">{head}</tr>
                </thead>
                <tbody>{rows}</tbody>
            </table>
        </details>
    })
}
