//! What a policy section says — paragraphs, bulleted lists, lists numbered as the policy numbers them — as views made
//! of text nodes only: nothing in a policy is ever parsed as HTML. Nested lists come laid out flat
//! (`consent_core::policy::layout`), indented by depth.

use consent_core::policy::layout::{runs, Run};
use consent_core::policy::Block;
use leptos::either::EitherOf3;
use leptos::prelude::*;

/// The blocks, in reading order.
pub fn blocks_view(blocks: &[Block]) -> impl IntoView + use<> {
    runs(blocks)
        .into_iter()
        .map(|run| match run {
            Run::Paragraph { text, depth } => EitherOf3::A(view! { <p class=depth_class(depth)>{text.to_owned()}</p> }),
            Run::Bullets { items, depth } => {
                let items = items.into_iter().map(|text| view! { <li>{text.to_owned()}</li> }).collect_view();
                EitherOf3::B(view! { <ul class=depth_class(depth)>{items}</ul> })
            }
            Run::Numbered { items, depth } => {
                // The policy's own labels ("(1)", "a.", "①"), which it may refer to, rather than the browser's numbers.
                let items = items
                    .into_iter()
                    .map(|(label, text)| {
                        view! {
                            <li>
                                <span class="cb-label">{label.to_owned()}</span>
                                " "
                                {text.to_owned()}
                            </li>
                        }
                    })
                    .collect_view();
                EitherOf3::C(view! { <ol class=format!("cb-labelled {}", depth_class(depth))>{items}</ol> })
            }
        })
        .collect_view()
}

fn depth_class(depth: usize) -> &'static str {
    ["cb-depth-0", "cb-depth-1", "cb-depth-2"][depth.min(2)]
}
