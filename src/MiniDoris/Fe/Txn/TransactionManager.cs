using System.Text.Json;
using MiniDoris.Storage;

namespace MiniDoris.Fe.Txn;

/// <summary>Keeps transactions by id and label and persists every state change.</summary>
public sealed class TransactionManager
{
    private readonly ClusterStore _store;
    private readonly Dictionary<long, TransactionState> _byId = [];

    public TransactionManager(ClusterStore store)
    {
        _store = store;
    }

    public IEnumerable<TransactionState> All => _byId.Values;

    public TransactionState? Find(long txnId) => _byId.GetValueOrDefault(txnId);

    /// <summary>The newest transaction of a database with this label.</summary>
    public TransactionState? FindByLabel(long dbId, string label) =>
        _byId.Values.Where(t => t.DbId == dbId && t.Label == label).MaxBy(t => t.TxnId);

    /// <summary>
    /// The transaction holding a label: a label is taken while a non-aborted transaction of the db holds it;
    /// the caller decides how to report that.
    /// </summary>
    public TransactionState? FindLiveByLabel(long dbId, string label) =>
        _byId.Values.FirstOrDefault(t => t.DbId == dbId && t.Label == label && t.Status != TransactionStatus.ABORTED);

    public void Add(TransactionState txn)
    {
        _byId[txn.TxnId] = txn;
        Save(txn);
    }

    /// <summary>Forgets a finished transaction (the txn cleaner): its id and label are gone.</summary>
    public void Remove(TransactionState txn)
    {
        _byId.Remove(txn.TxnId);
        _store.DeleteTransaction(txn.TxnId);
    }

    public void Save(TransactionState txn) =>
        _store.SaveTransaction(txn.TxnId, txn.DbId, txn.Label, JsonSerializer.Serialize(txn));

    public void Load(IEnumerable<string> states)
    {
        _byId.Clear();
        foreach (var json in states)
        {
            var txn = JsonSerializer.Deserialize<TransactionState>(json);
            if (txn is not null)
            {
                _byId[txn.TxnId] = txn;
            }
        }
    }
}
