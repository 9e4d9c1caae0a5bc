//! Browser tests: the engine compiled to wasm32 and run in headless Chromium (STYLE.md §8.6).
//!
//! Run with `cargo test --target wasm32-unknown-unknown --test browser` (`scripts/test.sh` does):
//! `.cargo/config.toml` makes `wasm-bindgen-test-runner` the runner, and it drives Chromium through
//! `$CHROMEDRIVER`.
//!
//! The main check is cross-target determinism (STYLE.md rule 2): a preset run to its end in the
//! browser must give the very trace hash that the native golden test recorded in
//! `tests/golden/<name>.hash`. A difference means some code path depends on the target
//! (pointer width, float formatting, hash-map order, ...).
#![cfg(target_arch = "wasm32")]

use kafka_playground::engine::Sim;
use kafka_playground::scenario::{codec, presets};
use wasm_bindgen_test::{wasm_bindgen_test, wasm_bindgen_test_configure};

wasm_bindgen_test_configure!(run_in_browser);

/// Runs preset `name` to its end, draining the trace as the UI does, and returns the final hash.
fn run_preset_to_end(name: &str) -> String {
    let scenario = presets::by_name(name).expect("the preset exists");
    run_to_end(&scenario)
}

fn run_to_end(scenario: &kafka_playground::scenario::Scenario) -> String {
    let mut sim = Sim::new(scenario).expect("the preset is a valid scenario");
    let end = sim.end();
    sim.run_until(end);
    let mut events = 0_u64;
    while sim.poll_trace().is_some() {
        events += 1;
    }
    assert!(events > 0, "the run produced no trace events");
    sim.trace_hash()
}

/// Compares the wasm hash of a preset with the native golden hash.
fn assert_matches_native_golden(name: &str, golden: &str) {
    let native = golden.trim();
    assert!(!native.is_empty(), "tests/golden/{name}.hash is empty");
    let wasm = run_preset_to_end(name);
    assert_eq!(
        wasm, native,
        "preset {name:?}: the trace hash in wasm32 differs from the native golden hash \
         (tests/golden/{name}.hash); the engine is not deterministic across targets"
    );
}

#[wasm_bindgen_test]
fn quickstart_hash_matches_native_golden() {
    assert_matches_native_golden("quickstart", include_str!("golden/quickstart.hash"));
}

#[wasm_bindgen_test]
fn acks_all_survives_broker_loss_hash_matches_native_golden() {
    assert_matches_native_golden(
        "acks-all-survives-broker-loss",
        include_str!("golden/acks-all-survives-broker-loss.hash"),
    );
}

/// A shared link is decoded in the browser: the decoded scenario must replay to the same hash.
#[wasm_bindgen_test]
fn url_round_trip_replays_the_same_trace() {
    let scenario = presets::by_name("acks-all-survives-broker-loss").expect("the preset exists");
    let decoded = codec::decode(&codec::encode(&scenario)).expect("an encoded scenario decodes");
    assert_eq!(run_to_end(&decoded), run_to_end(&scenario));
}

/// A hostile or truncated link is an `Err`, never a panic (a panic would kill the wasm instance).
#[wasm_bindgen_test]
fn garbage_link_is_an_error_not_a_panic() {
    for garbage in [
        "garbage",
        "",
        ".",
        "1.",
        "1.!!!!",
        "1.AAAA",
        "99.eJwDAAAAAAE",
        "x.y.z",
    ] {
        assert!(
            codec::decode(garbage).is_err(),
            "decode({garbage:?}) should be an error"
        );
    }
}

/// Issue 14: in the browser too, a seek on the timeline leaves the run where playing there would (same trace hash
/// and event count), for every preset at several instants, back and forward.
#[wasm_bindgen_test]
fn timeline_seek_equals_play_for_every_preset() {
    use kafka_playground::engine::time::Instant;
    use kafka_playground::viz::timeline::Timeline;
    for name in presets::names() {
        let scenario = presets::by_name(name).expect("the preset exists");
        let end = Instant::from_ms(scenario.run_ms);
        let mut tl = Timeline::new(&scenario).expect("valid preset");
        tl.advance_to(end);
        for frac in [90u64, 10, 55, 30] {
            let t = Instant(end.0 * frac / 100 + 777);
            tl.seek(t);
            let mut played = Timeline::new(&scenario).expect("valid preset");
            let mut at = 0;
            while at < t.0 {
                at = (at + 16_000).min(t.0);
                played.advance_to(Instant(at));
            }
            assert_eq!(
                (tl.sim().trace_hash(), tl.sim().events()),
                (played.sim().trace_hash(), played.sim().events()),
                "{name} at {frac}%"
            );
        }
        // After a step, a step back then a step forward comes back to the same state.
        if !tl.step() {
            continue;
        }
        let here = (tl.sim().trace_hash(), tl.sim().events());
        if tl.step_back() {
            assert!(tl.step());
            assert_eq!(
                (tl.sim().trace_hash(), tl.sim().events()),
                here,
                "{name} step back, step"
            );
        }
    }
}

/// Issue 13: when one replica's high watermark moves, the card layer redraws that replica's row and its broker's
/// card, and no other card or row (each card compares its own sprite; `data-renders` counts its renders).
#[wasm_bindgen_test]
async fn a_change_to_one_replica_redraws_only_its_row_and_card() {
    use kafka_playground::engine::time::Instant;
    use kafka_playground::ui::components::stage::{NodesLayer, NodesProps};
    use kafka_playground::viz::timeline::Timeline;
    use kafka_playground::viz::{frame, Layout};
    use std::rc::Rc;
    use yew::Callback;

    let scenario = presets::by_name("quickstart").expect("the preset exists");
    let mut tl = Timeline::new(&scenario).expect("valid preset");
    tl.advance_to(Instant::from_ms(3_000));
    let layout = Layout::expanded(tl.scene(), &[]);
    let first = frame(tl.scene(), &layout, tl.sim().now());
    let mut second = first.clone();
    let (broker, replica) = {
        let b = &mut second.brokers[0];
        let r = &mut b.replicas[0];
        r.high_watermark += 1;
        (b.id, r.partition.clone())
    };
    let doc = web_sys::window().unwrap().document().unwrap();
    let root = doc.create_element("div").unwrap();
    doc.body().unwrap().append_child(&root).unwrap();
    let (on_broker, on_background, on_record) = (
        Callback::from(|_: u32| ()),
        Callback::from(|_: (f32, f32)| ()),
        Callback::from(|_: u64| ()),
    );
    let props = |f: kafka_playground::viz::Frame| NodesProps {
        frame: Rc::new(f),
        on_broker: on_broker.clone(),
        on_background: on_background.clone(),
        on_record: on_record.clone(),
    };
    let mut app =
        yew::Renderer::<NodesLayer>::with_root_and_props(root.clone(), props(first)).render();
    yew::platform::time::sleep(std::time::Duration::from_millis(20)).await;
    let renders = || -> Vec<(String, u64)> {
        let list = root.query_selector_all("[data-renders]").unwrap();
        (0..list.length())
            .filter_map(|i| list.item(i))
            .filter_map(|n| wasm_bindgen::JsCast::dyn_into::<web_sys::Element>(n).ok())
            .map(|el| {
                let id = el.get_attribute("data-testid").unwrap_or_default();
                let n = el.get_attribute("data-renders").unwrap_or_default();
                (id, n.parse().unwrap_or(0))
            })
            .collect()
    };
    let before = renders();
    assert!(
        before.len() > 10,
        "cards and rows carry data-renders: {before:?}"
    );
    assert!(before.iter().all(|(_, n)| *n == 1), "{before:?}");
    app.update(props(second));
    yew::platform::time::sleep(std::time::Duration::from_millis(20)).await;
    let redrawn: Vec<String> = renders()
        .into_iter()
        .filter(|(_, n)| *n > 1)
        .map(|(id, _)| id)
        .collect();
    let mut expected = vec![
        "card-layer".to_string(),
        format!("broker-{broker}"),
        format!("replica-{broker}-{replica}"),
    ];
    expected.sort();
    let mut redrawn = redrawn;
    redrawn.sort();
    assert_eq!(redrawn, expected);
    app.destroy();
}

/// Issue 13: the motion canvas reads its CSS size once and then takes it from its `ResizeObserver`, so drawing a
/// frame forces no style and layout of the page; a resize still reaches the canvas's pixels.
#[wasm_bindgen_test]
async fn the_motion_canvas_reads_its_size_once_and_follows_resizes() {
    use kafka_playground::engine::time::Instant;
    use kafka_playground::ui::components::motion_canvas::{MotionCanvas, MotionCanvasProps};
    use kafka_playground::viz::timeline::Timeline;
    use kafka_playground::viz::zoom::StageView;
    use kafka_playground::viz::{frame, Layout};
    use std::rc::Rc;
    use std::time::Duration;
    use yew::platform::time::sleep;

    let scenario = presets::by_name("quickstart").expect("the preset exists");
    let mut tl = Timeline::new(&scenario).expect("valid preset");
    let layout = Layout::expanded(tl.scene(), &[]);
    let mut next = |ms: u64| {
        tl.advance_to(Instant::from_ms(ms));
        MotionCanvasProps {
            frame: Rc::new(frame(tl.scene(), &layout, tl.sim().now())),
            view: StageView::FIT,
            theme: "light",
        }
    };
    let doc = web_sys::window().unwrap().document().unwrap();
    let style = doc.create_element("style").unwrap();
    style.set_text_content(Some(
        ".stage__motion-canvas { position: absolute; inset: 0; width: 100%; height: 100%; }",
    ));
    doc.head().unwrap().append_child(&style).unwrap();
    let root = doc.create_element("div").unwrap();
    root.set_attribute("style", "position: relative; width: 400px; height: 200px")
        .unwrap();
    doc.body().unwrap().append_child(&root).unwrap();
    let mut app =
        yew::Renderer::<MotionCanvas>::with_root_and_props(root.clone(), next(1_000)).render();
    for ms in (1_100..=1_500).step_by(100) {
        sleep(Duration::from_millis(20)).await;
        app.update(next(ms));
    }
    sleep(Duration::from_millis(50)).await;
    let canvas: web_sys::HtmlCanvasElement =
        wasm_bindgen::JsCast::dyn_into(root.query_selector("canvas").unwrap().expect("the canvas"))
            .unwrap();
    let dpr = web_sys::window()
        .unwrap()
        .device_pixel_ratio()
        .clamp(1.0, 3.0);
    let px = |css: f64| (css * dpr).round() as u32;
    let reads = || canvas.get_attribute("data-size-reads");
    assert_eq!(reads().as_deref(), Some("1"), "six draws, one read");
    assert_eq!((canvas.width(), canvas.height()), (px(400.0), px(200.0)));
    root.set_attribute("style", "position: relative; width: 300px; height: 120px")
        .unwrap();
    sleep(Duration::from_millis(100)).await;
    assert_eq!(
        (canvas.width(), canvas.height()),
        (px(300.0), px(120.0)),
        "the observer's new size is drawn at once"
    );
    app.update(next(1_600));
    sleep(Duration::from_millis(50)).await;
    assert_eq!((canvas.width(), canvas.height()), (px(300.0), px(120.0)));
    assert_eq!(
        reads().as_deref(),
        Some("1"),
        "the size came from the observer"
    );
    app.destroy();
    root.remove();
    style.remove();
}
