//! Elements built by a chain of small shared functions instead of `html!`.
//!
//! `html!` expands every element into inline construction code, a few hundred bytes of
//! wasm each; with hundreds of elements the explainer views were most of the download. An
//! [`El`] is built by calls to the non-inlined methods below, so an element costs tens of
//! bytes. The DOM is the same either way.
//!
//! ```ignore
//! el("p").class("lead").text(t::LEAD.get(lang))
//! button("button toggle").pressed(on).on_click(cb).text(t::LABEL.get(lang))
//! el("ul").class("legend").children(items.iter().map(|i| el("li").text(i.name).into()))
//! ```
//!
//! Text given as `&'static str` is used as is (no copy); `String`s are moved in. Methods
//! that take `impl Into<…>` only convert and call one shared function. A child that is
//! only sometimes there goes through [`El::maybe`] (or [`opt`]), which keeps its place
//! with an empty node, as `if` does in `html!`.

use std::rc::Rc;
use yew::html::{onchange, onclick, onfocus, oninput, onkeydown, onsubmit};
use yew::prelude::*;
use yew::virtual_dom::{AttrValue, Key, Listener, VTag, VText};

/// An element being built; it becomes [`Html`] with `.into()` (or by being a child).
/// Boxed, so that each call of the chain passes and returns one pointer.
pub struct El(Box<VTag>);

/// A new element `<tag>`.
#[inline(never)]
pub fn el(tag: &'static str) -> El {
    El(Box::new(VTag::new(AttrValue::Static(tag))))
}

/// A `<button type="button">` with `class`.
#[inline(never)]
pub fn button(class: &'static str) -> El {
    el("button").attr("type", "button").class(class)
}

/// A checkbox inside its label: `<label class="check"><input type="checkbox" id=…>text</label>`
/// (its `id` is also its `data-part`, by which lessons name it).
#[inline(never)]
pub fn checkbox(id: &'static str, on: bool, on_change: Callback<Event>, label: &'static str) -> El {
    el("label")
        .class("check")
        .child(
            el("input")
                .attr("type", "checkbox")
                .id(id)
                .attr("data-part", id)
                .checked(on)
                .on_change(on_change),
        )
        .text(label)
}

/// A text node that is not copied.
#[inline(never)]
pub fn text(s: &'static str) -> Html {
    VText::new(AttrValue::Static(s)).into()
}

/// A text node from a computed string.
#[inline(never)]
pub fn string(s: String) -> Html {
    VText::new(AttrValue::from(s)).into()
}

/// `node`, or the empty placeholder that keeps its place (see [`El::maybe`]).
pub fn opt(node: Option<impl Into<Html>>) -> Html {
    node.map_or_else(Html::default, Into::into)
}

/// Nodes side by side, without an element around them.
#[inline(never)]
pub fn frag(children: Vec<Html>) -> Html {
    children.into_iter().collect()
}

impl El {
    /// Adds `c` to the element's classes (several calls make a space-separated list).
    #[inline(never)]
    pub fn class(mut self, c: &'static str) -> Self {
        if c.is_empty() {
            return self;
        }
        let joined = match self.0.attributes.iter().find(|(k, _)| *k == "class") {
            Some((_, old)) => {
                let mut s = String::with_capacity(old.len() + 1 + c.len());
                s.push_str(old);
                s.push(' ');
                s.push_str(c);
                AttrValue::from(s)
            }
            None => AttrValue::Static(c),
        };
        self.0.add_attribute("class", joined);
        self
    }

    /// Adds the class `c` when `on`.
    #[inline(never)]
    pub fn class_if(self, c: &'static str, on: bool) -> Self {
        if on { self.class(c) } else { self }
    }

    #[inline(never)]
    fn set(mut self, key: &'static str, value: AttrValue) -> Self {
        self.0.add_attribute(key, value);
        self
    }

    /// Sets the attribute `key`.
    pub fn attr(self, key: &'static str, value: impl Into<AttrValue>) -> Self {
        self.set(key, value.into())
    }

    /// Sets the attribute `key` when `value` is `Some`.
    #[inline(never)]
    pub fn attr_opt(self, key: &'static str, value: Option<AttrValue>) -> Self {
        match value {
            Some(v) => self.set(key, v),
            None => self,
        }
    }

    pub fn id(self, id: impl Into<AttrValue>) -> Self {
        self.set("id", id.into())
    }

    /// A boolean attribute (`disabled`, `selected`, …): present when `on`.
    #[inline(never)]
    pub fn flag(self, key: &'static str, on: bool) -> Self {
        if on {
            self.set(key, AttrValue::Static(key))
        } else {
            self
        }
    }

    /// An attribute whose value is `"true"` or `"false"` (`aria-pressed`, …).
    #[inline(never)]
    pub fn bool_attr(self, key: &'static str, on: bool) -> Self {
        self.set(key, AttrValue::Static(if on { "true" } else { "false" }))
    }

    pub fn pressed(self, on: bool) -> Self {
        self.bool_attr("aria-pressed", on)
    }

    /// Marks digits inside as not claims about the world (see `cite`).
    #[inline(never)]
    pub fn not_a_fact(self) -> Self {
        self.set("data-not-a-fact", AttrValue::Static("true"))
    }

    /// The key that keeps this element's identity among its siblings.
    pub fn key(mut self, key: impl Into<Key>) -> Self {
        self.0.key = Some(key.into());
        self
    }

    /// The `value` property of an `<input>`.
    #[inline(never)]
    pub fn value(mut self, value: AttrValue) -> Self {
        self.0.set_value(value);
        self
    }

    /// The `checked` property of an `<input type="checkbox">`.
    #[inline(never)]
    pub fn checked(mut self, on: bool) -> Self {
        self.0.set_checked(on);
        self
    }

    #[inline(never)]
    fn push(mut self, child: Html) -> Self {
        self.0.add_child(child);
        self
    }

    /// Adds a child (an element, [`text`], a component, …).
    pub fn child(self, child: impl Into<Html>) -> Self {
        self.push(child.into())
    }

    /// Adds `child`, or an empty placeholder when there is none, so that the siblings after
    /// it keep their places (as `if` does in `html!`): they are updated rather than made
    /// again, and keep focus and running animations.
    pub fn maybe(self, child: Option<impl Into<Html>>) -> Self {
        self.push(opt(child))
    }

    /// Adds a text child that is not copied.
    #[inline(never)]
    pub fn text(self, s: &'static str) -> Self {
        self.push(text(s))
    }

    /// Adds a text child from a computed string.
    #[inline(never)]
    pub fn string(self, s: String) -> Self {
        self.push(string(s))
    }

    /// Adds every node of `children`.
    pub fn children(self, children: impl IntoIterator<Item = Html>) -> Self {
        self.push_all(&mut children.into_iter())
    }

    /// The shared body of [`El::children`]: one loop for every kind of iterator.
    #[inline(never)]
    fn push_all(mut self, children: &mut dyn Iterator<Item = Html>) -> Self {
        for child in children {
            self.0.add_child(child);
        }
        self
    }

    #[inline(never)]
    fn listen(mut self, listener: Rc<dyn Listener>) -> Self {
        self.0.add_listener(listener);
        self
    }

    #[inline(never)]
    pub fn on_click(self, cb: Callback<MouseEvent>) -> Self {
        self.listen(Rc::new(onclick::Wrapper::new(cb)))
    }

    #[inline(never)]
    pub fn on_change(self, cb: Callback<Event>) -> Self {
        self.listen(Rc::new(onchange::Wrapper::new(cb)))
    }

    #[inline(never)]
    pub fn on_input(self, cb: Callback<InputEvent>) -> Self {
        self.listen(Rc::new(oninput::Wrapper::new(cb)))
    }

    #[inline(never)]
    pub fn on_keydown(self, cb: Callback<KeyboardEvent>) -> Self {
        self.listen(Rc::new(onkeydown::Wrapper::new(cb)))
    }

    #[inline(never)]
    pub fn on_submit(self, cb: Callback<SubmitEvent>) -> Self {
        self.listen(Rc::new(onsubmit::Wrapper::new(cb)))
    }

    /// The element's [`NodeRef`].
    #[inline(never)]
    pub fn node_ref(mut self, r: NodeRef) -> Self {
        self.0.node_ref = r;
        self
    }

    #[inline(never)]
    pub fn on_focus(self, cb: Callback<FocusEvent>) -> Self {
        self.listen(Rc::new(onfocus::Wrapper::new(cb)))
    }
}

impl From<El> for Html {
    #[inline(never)]
    fn from(e: El) -> Html {
        (*e.0).into()
    }
}
