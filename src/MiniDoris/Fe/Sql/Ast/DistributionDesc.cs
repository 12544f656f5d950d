using MiniDoris.Fe.Catalog;

namespace MiniDoris.Fe.Sql.Ast;

/// <summary>DISTRIBUTED BY HASH(cols)|RANDOM [BUCKETS n|AUTO]; <see cref="Buckets"/> is 0 when omitted.</summary>
public sealed record DistributionDesc(DistributionType Type, List<string> Columns, int Buckets, bool Auto);
