//! The web entry point Trunk builds (`index.html`: `data-bin="playground"`).

fn main() {
    #[cfg(target_arch = "wasm32")]
    kafka_playground::ui::mount();
}
