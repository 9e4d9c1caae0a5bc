//! The names of the classic protocol's client-side assignors (`partition.assignment.strategy`); the assignors
//! themselves are in `engine::consumer::assignor`.

/// The client-side assignors of the classic protocol.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum AssignorKind {
    /// `RangeAssignor`: each topic's partitions in ranges over the sorted members.
    Range,
    /// `RoundRobinAssignor`: all partitions dealt round the members in turn.
    RoundRobin,
    /// `StickyAssignor`: balanced, keeping previous owners (eager protocol).
    Sticky,
    /// `CooperativeStickyAssignor`: sticky with the COOPERATIVE protocol (incremental rebalances).
    CooperativeSticky,
}

const CLASS_PREFIX: &str = "org.apache.kafka.clients.consumer.";

impl AssignorKind {
    /// The protocol name the assignor announces in JoinGroup (`ConsumerPartitionAssignor.name()`).
    pub fn name(self) -> &'static str {
        match self {
            AssignorKind::Range => "range",
            AssignorKind::RoundRobin => "roundrobin",
            AssignorKind::Sticky => "sticky",
            AssignorKind::CooperativeSticky => "cooperative-sticky",
        }
    }

    /// Accepts the protocol names ("range", "roundrobin", "sticky", "cooperative-sticky") and the
    /// Java class names, with or without the `org.apache.kafka.clients.consumer.` package.
    /// Surrounding whitespace is ignored (Kafka trims list configs); matching is case-sensitive.
    pub fn from_name(s: &str) -> Option<Self> {
        let s = s.trim();
        let by_class = |class: &str| match class {
            "RangeAssignor" => Some(AssignorKind::Range),
            "RoundRobinAssignor" => Some(AssignorKind::RoundRobin),
            "StickyAssignor" => Some(AssignorKind::Sticky),
            "CooperativeStickyAssignor" => Some(AssignorKind::CooperativeSticky),
            _ => None,
        };
        if let Some(class) = s.strip_prefix(CLASS_PREFIX) {
            return by_class(class);
        }
        match s {
            "range" => Some(AssignorKind::Range),
            "roundrobin" => Some(AssignorKind::RoundRobin),
            "sticky" => Some(AssignorKind::Sticky),
            "cooperative-sticky" => Some(AssignorKind::CooperativeSticky),
            other => by_class(other),
        }
    }

    /// Whether the assignor supports the COOPERATIVE rebalance protocol (only cooperative-sticky).
    pub fn supports_cooperative(self) -> bool {
        matches!(self, AssignorKind::CooperativeSticky)
    }
}
