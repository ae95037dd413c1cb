//! `roadmap list` (alias `tasks`): one row per item, filtered, sorted, cut.

use super::{
    Ctx, Failure, FilterArgs, Outcome, TableFormat, check_filter, emit, load_for_report, must_name,
};
use chrono::NaiveDate;
use roadmap::Project;
use roadmap::report::list::{self, Field, Query, SortKey};
use std::io::Write;
use std::path::PathBuf;

#[derive(clap::Args, Debug)]
pub struct ListArgs {
    /// Plan files or folders (default: roadmap.yaml here, else plans/, else the plans in this folder).
    pub paths: Vec<PathBuf>,

    #[command(flatten)]
    pub filter: FilterArgs,

    /// Only items of this milestone (id; repeat for several).
    #[arg(long, value_name = "ID")]
    pub milestone: Vec<String>,

    /// Only open items past their due date.
    #[arg(long)]
    pub overdue: bool,

    /// Only items on the critical path.
    #[arg(long)]
    pub critical: bool,

    /// Only items due before this day.
    #[arg(long, value_name = "YYYY-MM-DD", value_parser = super::parse_today)]
    pub due_before: Option<NaiveDate>,

    /// Sort by these fields, `-field` for descending (repeat, or a,b):
    /// id, name, stream, owner, status, bucket, start, finish, due, slack, late.
    #[arg(long, value_name = "FIELD", value_delimiter = ',', allow_hyphen_values = true, value_parser = parse_sort)]
    pub sort: Vec<SortKey>,

    /// At most this many rows per plan ("and N more" below).
    #[arg(long, value_name = "N")]
    pub limit: Option<usize>,

    /// Output format.
    #[arg(long, value_enum, default_value_t = TableFormat::Table)]
    pub format: TableFormat,
}

fn parse_sort(s: &str) -> Result<SortKey, String> {
    let (descending, name) = match s.trim().strip_prefix('-') {
        Some(n) => (true, n),
        None => (false, s.trim()),
    };
    Field::parse(name)
        .map(|field| SortKey { field, descending })
        .ok_or_else(|| {
            let names: Vec<&str> = Field::ALL.iter().map(|(n, _)| *n).collect();
            format!(
                "`{name}` is not a field; sort by one of: {}",
                names.join(", ")
            )
        })
}

/// Owners and milestones must exist too, or the list would be silently
/// empty; each is replaced by the owner or milestone id it names.
fn check_names(
    project: &Project,
    owners: &mut [String],
    milestones: &mut [String],
) -> Result<(), Failure> {
    let plans: Vec<&roadmap::plan::model::Plan> = project
        .plans
        .iter()
        .filter_map(|p| p.plan.as_ref())
        .collect();
    let have_owners: Vec<(&str, &str)> = plans
        .iter()
        .flat_map(|p| p.tasks.iter().filter_map(|t| t.owner.as_deref()))
        .map(|o| (o, o))
        .collect();
    let have_ms: Vec<(&str, &str)> = plans
        .iter()
        .flat_map(|p| {
            p.milestones
                .iter()
                .map(|m| (m.id.as_str(), m.name.as_str()))
        })
        .collect();
    must_name("owner", owners, &have_owners, "no item has this owner")?;
    must_name(
        "milestone",
        milestones,
        &have_ms,
        "no item has this milestone",
    )
}

/// The items of every plan.
pub fn run(mut args: ListArgs, ctx: &Ctx, err: &mut dyn Write) -> Outcome {
    let project = load_for_report(std::mem::take(&mut args.paths), ctx, err)?;
    check_filter(&project, &mut args.filter)?;
    check_names(&project, &mut args.filter.owner, &mut args.milestone)?;
    let q = Query {
        filter: args.filter.filter(),
        milestone: args.milestone,
        overdue: args.overdue,
        critical: args.critical,
        due_before: args.due_before,
        sort: args.sort,
        limit: args.limit,
    };
    let reports: Vec<list::ListReport> = project.views().map(|v| list::list(&v, &q)).collect();
    emit(&reports, args.format, ctx)
}
