//! A line that stays at the top of the window while the product team works down the site's long page of forms: how
//! many changes the draft holds against the live config and how many problems stop it being published, with links to
//! the live preview and to the Publish card, which sit below all the forms.

use leptos::prelude::*;

use crate::counted::counted;
use crate::draft::{Change, Problem};

/// The bar for the draft's `pending` changes and its `problems`.
#[component]
pub fn DraftBar(pending: Memo<Vec<Change>>, problems: Memo<Vec<Problem>>) -> impl IntoView {
    let summary = move || {
        let (changes, problems) = (pending.with(Vec::len), problems.with(Vec::len));
        match (changes, problems) {
            (0, 0) => "No unpublished changes.".to_owned(),
            (changes, 0) => {
                format!("{}, ready to publish.", counted(changes, "unpublished change", "unpublished changes"))
            }
            (changes, problems) => {
                format!(
                    "{}; {} to fix before publishing.",
                    counted(changes, "unpublished change", "unpublished changes"),
                    counted(problems, "problem", "problems")
                )
            }
        }
    };
    view! {
        <div class="draft-bar" class:has-problems=move || !problems.with(Vec::is_empty)>
            <p>{summary}</p>
            <p class="draft-bar-links">
                <a href="#preview-heading">"Preview"</a>
                <a href="#publish-heading">"Review and publish"</a>
            </p>
        </div>
    }
}
