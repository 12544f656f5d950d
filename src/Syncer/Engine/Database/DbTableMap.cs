using Microsoft.Extensions.Logging;
using Syncer.Jobs;

namespace Syncer.Engine.Database;

/// <summary>
/// The persisted source → target table map of a database job (progress <c>table_mapping</c>, ids, and
/// <c>table_names</c>, names): edited by the full and partial syncs and by the table DDL handlers, and repaired by
/// name when a binlog names a source table the map does not hold (a table recreated, an id gone stale, a store written
/// by another syncer) instead of starting a full sync.
/// </summary>
public static class DbTableMap
{
    /// <summary>A copy of <paramref name="p"/> mapping <paramref name="sourceId"/> to the target table <paramref name="name"/>#<paramref name="targetId"/>.</summary>
    public static JobProgress Map(JobProgress p, long sourceId, string name, long targetId)
    {
        ArgumentNullException.ThrowIfNull(p);
        var names = new Dictionary<long, string>(p.TableNames ?? []) { [sourceId] = name };
        var ids = new Dictionary<long, long>(p.TableMapping ?? []) { [sourceId] = targetId };
        return p with { TableNames = names, TableMapping = ids };
    }

    /// <summary>A copy of <paramref name="p"/> without <paramref name="sourceId"/>.</summary>
    public static JobProgress Unmap(JobProgress p, long sourceId)
    {
        ArgumentNullException.ThrowIfNull(p);
        var names = new Dictionary<long, string>(p.TableNames ?? []);
        var ids = new Dictionary<long, long>(p.TableMapping ?? []);
        names.Remove(sourceId);
        ids.Remove(sourceId);
        return p with { TableNames = names, TableMapping = ids };
    }

    /// <summary>
    /// Adds the source tables of <paramref name="sourceIds"/> that the map lacks, by name: the source catalog gives the
    /// id's name, the target catalog the id of the table with that name. A table gone from the source (its DROP is on
    /// its way) or absent from the target stays unmapped, and handlers then skip its binlogs. Ids found unresolvable
    /// are remembered by the session so a dropped table's backlog does not list both catalogs once per binlog.
    /// </summary>
    public static async Task<JobProgress> ResolveAsync(JobSession s, JobProgress p, IEnumerable<long> sourceIds, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(s);
        ArgumentNullException.ThrowIfNull(p);
        var missing = sourceIds.Where(id => id > 0 && p.TableNames?.ContainsKey(id) != true && !s.UnresolvableTables.Contains(id)).Distinct().ToList();
        if (missing.Count == 0) return p;
        var source = await DbCatalog.ListAsync(s.Clients.SourceSql, s.Info.Src.DbId, ct).ConfigureAwait(false);
        IReadOnlyList<CatalogTable>? target = null;
        foreach (var id in missing)
        {
            var table = source.FirstOrDefault(t => t.Id == id);
            if (table is null || !JobTableScope.Includes(s.Info, table.Name))
            {
                // A table the filter leaves out: its binlogs are counted as filtered, not applied.
                if (table is not null && JobTableScope.FilterExcludes(s.Info, table.Name)) s.FilteredTables.Add(id);
                s.UnresolvableTables.Add(id);
                continue;
            }
            target ??= await DbCatalog.ListAsync(s.Clients.TargetSql, s.Info.Dest.DbId, ct).ConfigureAwait(false);
            if (target.FirstOrDefault(t => t.Name == table.Name) is not { } found)
            {
                s.UnresolvableTables.Add(id);
                continue;
            }
            s.Logger.LogInformation("source table {Table}#{SourceId} mapped by name to target table #{TargetId}", table.Name, id, found.Id);
            p = Map(p, id, table.Name, found.Id);
        }
        return p;
    }
}
