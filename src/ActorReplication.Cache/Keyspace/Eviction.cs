namespace ActorReplication.Cache.Keyspace;

public sealed partial class KeyspaceEngine
{
    private int _evictDbCursor;

    /// <summary>True when maxmemory is set and the estimate is above it.</summary>
    public bool IsOverMaxMemory => Settings.MaxMemory > 0 && UsedMemory > Settings.MaxMemory;

    /// <summary>
    /// Evicts keys per <see cref="KeyspaceSettings.EvictionPolicy"/> until <see cref="UsedMemory"/> is within maxmemory,
    /// emitting <c>DEL</c> for each evicted key. Returns false when still over the limit (noeviction, or nothing left
    /// that the policy may evict). Replicas never evict.
    /// </summary>
    internal bool PerformEvictions()
    {
        if (Settings.MaxMemory <= 0 || Settings.IsReplica || Settings.WritesPaused)
        {
            return true;
        }

        while (UsedMemory > Settings.MaxMemory)
        {
            if (Settings.EvictionPolicy == EvictionPolicy.NoEviction || !EvictOne())
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>Public entry for the owner (e.g. after CONFIG SET maxmemory): evicts now, writing DELs to <paramref name="effects"/>.</summary>
    public bool EvictIfNeeded(Resp.RespWriter? effects)
    {
        BeginInternal(effects);
        bool ok = PerformEvictions();
        EndInternal();
        return ok;
    }

    private bool EvictOne()
    {
        EvictionPolicy policy = Settings.EvictionPolicy;
        bool volatileOnly = policy is EvictionPolicy.VolatileLru or EvictionPolicy.VolatileRandom or EvictionPolicy.VolatileTtl;
        if (policy is EvictionPolicy.AllKeysRandom or EvictionPolicy.VolatileRandom)
        {
            for (int n = 0; n < _dbs.Length; n++)
            {
                Database db = _dbs[_evictDbCursor];
                _evictDbCursor = (_evictDbCursor + 1) % _dbs.Length;
                int slot = volatileOnly
                    ? (db.ExpiresCount > 0 ? db.ExpireSlotAt(Random.Next(db.ExpiresCount)) : -1)
                    : db.Keys.RandomSlot(Random);
                if (slot >= 0)
                {
                    Evict(db, slot);
                    return true;
                }
            }

            return false;
        }

        // Sampled approximation: maxmemory-samples keys from every database, evict the best candidate
        // (longest idle for LRU, nearest expiry for TTL).
        Database? bestDb = null;
        int bestSlot = -1;
        long bestScore = long.MinValue;
        int samples = Math.Max(1, Settings.MaxMemorySamples);
        foreach (Database db in _dbs)
        {
            if (volatileOnly ? db.ExpiresCount == 0 : db.Count == 0)
            {
                continue;
            }

            for (int k = 0; k < samples; k++)
            {
                int slot;
                long score;
                if (volatileOnly)
                {
                    int i = Random.Next(db.ExpiresCount);
                    slot = db.ExpireSlotAt(i);
                    score = policy == EvictionPolicy.VolatileTtl
                        ? -db.ExpireAtIndex(i)
                        : (uint)(LruNow - db.EntryAt(slot).Lru);
                }
                else
                {
                    slot = db.Keys.RandomSlot(Random);
                    score = (uint)(LruNow - db.EntryAt(slot).Lru);
                }

                if (score > bestScore)
                {
                    bestScore = score;
                    bestSlot = slot;
                    bestDb = db;
                }
            }
        }

        if (bestDb is null)
        {
            return false;
        }

        Evict(bestDb, bestSlot);
        return true;
    }

    private void Evict(Database db, int slot)
    {
        DeleteAndPropagate(db, slot);
        Stats.EvictedKeys++;
    }
}
