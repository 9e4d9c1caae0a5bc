//! Zoom and pan of the stage: a scale and an offset applied to the whole drawing (cards and motion alike), kept so
//! that the drawing always covers the stage (no panning into empty space) and zooming keeps the point under the
//! cursor, or between two fingers, where it is. Pure arithmetic in stage pixels; the page turns it into one CSS
//! transform, so zooming re-renders nothing.
//!
//! Models: nothing in Kafka; the map-viewer convention (wheel and pinch zoom about the pointer, drag pans, "fit"
//! returns to the whole cluster).

/// The closest the stage zooms in: a broker card then fills most of a phone's width.
pub const MAX_ZOOM: f64 = 8.0;
/// One press of a zoom button.
pub const ZOOM_STEP: f64 = 1.5;

/// How the drawing is placed in the stage: `zoom` ≥ 1 (1 = the whole cluster fits), and the drawing's top-left
/// corner at (`x`, `y`) stage pixels (≤ 0 once zoomed).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct StageView {
    /// Scale, 1 to [`MAX_ZOOM`].
    pub zoom: f64,
    /// Offset of the drawing's left edge, stage px.
    pub x: f64,
    /// Offset of the drawing's top edge, stage px.
    pub y: f64,
}

impl Default for StageView {
    fn default() -> Self {
        StageView::FIT
    }
}

impl StageView {
    /// The whole cluster.
    pub const FIT: StageView = StageView {
        zoom: 1.0,
        x: 0.0,
        y: 0.0,
    };

    /// Whether this is the "fit" view.
    pub fn is_fit(&self) -> bool {
        *self == StageView::FIT
    }

    /// Zooms by `factor` about the stage point (`cx`, `cy`) of a `w` × `h` stage: that point stays put.
    pub fn zoom_at(self, factor: f64, cx: f64, cy: f64, w: f64, h: f64) -> StageView {
        if !factor.is_finite() || factor <= 0.0 {
            return self;
        }
        let zoom = (self.zoom * factor).clamp(1.0, MAX_ZOOM);
        let k = zoom / self.zoom;
        StageView {
            zoom,
            x: cx - (cx - self.x) * k,
            y: cy - (cy - self.y) * k,
        }
        .clamped(w, h)
    }

    /// Zooms by `factor` about the stage's centre (the buttons and keys).
    pub fn zoom_centre(self, factor: f64, w: f64, h: f64) -> StageView {
        self.zoom_at(factor, w / 2.0, h / 2.0, w, h)
    }

    /// Moves the drawing by (`dx`, `dy`) stage px (a drag).
    pub fn pan_by(self, dx: f64, dy: f64, w: f64, h: f64) -> StageView {
        StageView {
            x: self.x + dx,
            y: self.y + dy,
            ..self
        }
        .clamped(w, h)
    }

    /// Keeps the drawing over the whole stage: at zoom z the drawing is z·w wide, so x ∈ [w − z·w, 0].
    fn clamped(self, w: f64, h: f64) -> StageView {
        let fix = |v: f64, span: f64| {
            if v.is_finite() {
                v.clamp((span - span * self.zoom).min(0.0), 0.0)
            } else {
                0.0
            }
        };
        StageView {
            zoom: self.zoom,
            x: fix(self.x, w),
            y: fix(self.y, h),
        }
    }

    /// The CSS transform for this view (origin at the top-left corner).
    pub fn css_transform(&self) -> String {
        format!(
            "translate({:.1}px, {:.1}px) scale({:.4})",
            self.x, self.y, self.zoom
        )
    }
}

#[cfg(test)]
mod tests {
    //! Goal: the point under the pointer stays put, the drawing always covers the stage, and "fit" is reachable.
    use super::*;

    const W: f64 = 1000.0;
    const H: f64 = 500.0;

    /// Where the drawing point at (`u`, `v`) (unzoomed stage px) lands on the stage.
    fn on_stage(s: StageView, u: f64, v: f64) -> (f64, f64) {
        (s.x + u * s.zoom, s.y + v * s.zoom)
    }

    #[test]
    fn zooming_keeps_the_point_under_the_pointer() {
        let s = StageView::FIT.zoom_at(2.0, 300.0, 200.0, W, H);
        assert_eq!(s.zoom, 2.0);
        assert_eq!(on_stage(s, 300.0, 200.0), (300.0, 200.0));
        let t = s.zoom_at(1.5, 700.0, 100.0, W, H);
        // The drawing point under (700, 100) before is still there after.
        let (u, v) = ((700.0 - s.x) / s.zoom, (100.0 - s.y) / s.zoom);
        let (x, y) = on_stage(t, u, v);
        assert!((x - 700.0).abs() < 1e-9 && (y - 100.0).abs() < 1e-9);
    }

    #[test]
    fn the_drawing_always_covers_the_stage() {
        let s = StageView::FIT.zoom_centre(3.0, W, H);
        for (dx, dy) in [(5000.0, 0.0), (-5000.0, 0.0), (0.0, 5000.0), (0.0, -5000.0)] {
            let p = s.pan_by(dx, dy, W, H);
            assert!(p.x <= 0.0 && p.x >= W - W * p.zoom, "{p:?}");
            assert!(p.y <= 0.0 && p.y >= H - H * p.zoom, "{p:?}");
        }
        // Unzoomed, nothing pans.
        assert_eq!(StageView::FIT.pan_by(40.0, -30.0, W, H), StageView::FIT);
    }

    #[test]
    fn zoom_is_bounded_and_fit_is_reached_by_zooming_out() {
        let mut s = StageView::FIT;
        for _ in 0..20 {
            s = s.zoom_centre(ZOOM_STEP, W, H);
        }
        assert_eq!(s.zoom, MAX_ZOOM);
        for _ in 0..20 {
            s = s.zoom_centre(1.0 / ZOOM_STEP, W, H);
        }
        assert!(s.is_fit(), "{s:?}");
        assert_eq!(
            StageView::FIT.zoom_at(f64::NAN, 1.0, 1.0, W, H),
            StageView::FIT
        );
    }
}
