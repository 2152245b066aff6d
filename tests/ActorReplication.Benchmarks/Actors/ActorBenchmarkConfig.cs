using System.Globalization;
using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Mathematics;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;

namespace ActorReplication.Benchmarks.Actors;

/// <summary>
/// Adds median/min/max and messages-per-second columns. With <c>OperationsPerInvoke</c> set to the messages of one
/// invocation, BenchmarkDotNet's time per op is time per message, so msg/s = 1e9 / (ns per op).
/// </summary>
public sealed class ActorBenchmarkConfig : ManualConfig
{
    public ActorBenchmarkConfig()
    {
        AddColumn(StatisticColumn.Median, StatisticColumn.Min, StatisticColumn.Max);
        AddColumn(
            new MessagesPerSecondColumn("Ops/s (median)", "median iteration", s => s.Median),
            new MessagesPerSecondColumn("Ops/s (min)", "slowest iteration (Max time)", s => s.Max),
            new MessagesPerSecondColumn("Ops/s (max)", "fastest iteration (Min time)", s => s.Min));
    }

    private sealed class MessagesPerSecondColumn(string name, string which, Func<Statistics, double> nanosPerOp) : IColumn
    {
        public string Id => "ActorReplication.MsgPerSec." + name;

        public string ColumnName => name;

        public bool AlwaysShow => true;

        public ColumnCategory Category => ColumnCategory.Custom;

        public int PriorityInCategory => 0;

        public bool IsNumeric => true;

        public UnitType UnitType => UnitType.Dimensionless;

        public string Legend => $"Messages (PingPong) or Tells (TellAllocation) per second of the {which}: 1e9 / its ns per op";

        public string GetValue(Summary summary, BenchmarkCase benchmarkCase) =>
            GetValue(summary, benchmarkCase, SummaryStyle.Default);

        public string GetValue(Summary summary, BenchmarkCase benchmarkCase, SummaryStyle style)
        {
            var statistics = summary[benchmarkCase]?.ResultStatistics;
            if (statistics is null) return "NA";
            var nanos = nanosPerOp(statistics);
            return nanos > 0 ? (1e9 / nanos).ToString("N0", CultureInfo.InvariantCulture) : "NA";
        }

        public bool IsDefault(Summary summary, BenchmarkCase benchmarkCase) => false;

        public bool IsAvailable(Summary summary) => true;
    }
}
