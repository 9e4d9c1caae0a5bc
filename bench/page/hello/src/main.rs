//! The smallest Yew app: one component that renders a heading (the baseline of scripts/bench-page.sh).
use yew::prelude::*;

#[function_component(App)]
fn app() -> Html {
    html! { <h1 data-testid="hello">{ "Hello, Yew" }</h1> }
}

fn main() {
    yew::Renderer::<App>::new().render();
}
