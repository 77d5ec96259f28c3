//! "Move up" and "Move down" for one item of an ordered list in a form (a category, a service): each named for the
//! item to screen readers, disabled at its end of the list, and keeping the keyboard focus on the item as it moves —
//! on the same button at its new place, or on the other one once it reaches an end (where that button is disabled).

use leptos::prelude::*;

use crate::categories_form::focus_later;

/// The two buttons of the item at place `at` of `count`, with the ids `{prefix}-{at}-up` and `{prefix}-{at}-down`
/// (`category-2-up`), named "Move `name` up/down". A click runs `on_move` with `true` for up; it answers whether the
/// item moved, and only then does the focus follow it.
#[component]
pub fn MoveButtons(
    prefix: &'static str,
    at: usize,
    count: Signal<usize>,
    name: Signal<String>,
    on_move: Callback<bool, bool>,
) -> impl IntoView {
    let move_to = move |up: bool| {
        if on_move.run(up) {
            focus_later(focus_after_move(prefix, at, up, count.get_untracked()));
        }
    };
    // Outside the view: a `>` there would end the tag.
    let is_last = move || at + 1 >= count.get();
    view! {
        <button
            type="button"
            class="quiet"
            id=format!("{prefix}-{at}-up")
            disabled=move || at == 0
            on:click=move |_| move_to(true)
        >
            "Move "<span class="visually-hidden">{name}" "</span>"up"
        </button>
        <button
            type="button"
            class="quiet"
            id=format!("{prefix}-{at}-down")
            disabled=is_last
            on:click=move |_| move_to(false)
        >
            "Move "<span class="visually-hidden">{name}" "</span>"down"
        </button>
    }
}

/// The id of the button to focus once the item at `at` of `count` has moved (`up` or down): the same button at its
/// new place, or its other button when the move brought it to an end of the list.
pub fn focus_after_move(prefix: &str, at: usize, up: bool, count: usize) -> String {
    let to = if up { at.saturating_sub(1) } else { at + 1 };
    let at_end = if up { to == 0 } else { to + 1 >= count };
    format!("{prefix}-{to}-{}", if up != at_end { "up" } else { "down" })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_focus_follows_the_item_and_turns_at_the_ends() {
        assert_eq!(focus_after_move("service", 2, true, 4), "service-1-up");
        assert_eq!(focus_after_move("service", 1, true, 4), "service-0-down");
        assert_eq!(focus_after_move("category", 1, false, 4), "category-2-down");
        assert_eq!(focus_after_move("category", 2, false, 4), "category-3-up");
    }
}
