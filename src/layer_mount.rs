//! Mounts a layer of the banner (the first layer, the preferences) while it is open: built fresh each time it opens,
//! torn down, its cleanups run, when it closes.
//!
//! Why not `move || open.get().then(|| view! { … })`: that asks tachys for the code to patch one instance of a
//! layer into another ("rebuild"), which is never needed here and costs about 10 KB of WebAssembly per layer. A
//! layer mounted on its own (`leptos::mount::mount_to`) is only ever built.
//!
//! ```ignore
//! let open = Memo::new(move |_| layer.get() == Some(Layer::Preferences));
//! layer_mount::mount_while(open, host.clone(), move || view! { <PreferencesDialog … /> });
//! ```

use std::any::Any;
use std::cell::RefCell;
use std::rc::Rc;

use leptos::prelude::*;
use web_sys::HtmlElement;

/// Mounts `layer()` at the end of `host` whenever `open` turns true, and unmounts it when `open` turns false.
pub fn mount_while<V>(open: Memo<bool>, host: HtmlElement, layer: impl Fn() -> V + 'static)
where
    V: IntoView + 'static,
{
    let layer = Rc::new(layer);
    let mounted: RefCell<Option<Box<dyn Any>>> = RefCell::new(None);
    Effect::new(move |_| {
        let wanted = open.get();
        if wanted && mounted.borrow().is_none() {
            let layer = layer.clone();
            let handle = untrack(|| leptos::mount::mount_to(host.clone(), move || layer()));
            *mounted.borrow_mut() = Some(Box::new(handle));
        } else if !wanted {
            // Dropping the handle unmounts the layer and disposes of its reactive owner.
            drop(mounted.borrow_mut().take());
        }
    });
}
