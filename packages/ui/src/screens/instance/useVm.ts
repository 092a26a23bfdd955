import { useCallback, useEffect, useState } from 'react';
import { api } from '../../api/api.ts';
import type { ApiObject } from '../../api/client.ts';
import { transitional } from './vmStates.ts';

export interface VmState {
  vm?: ApiObject;
  loading: boolean;
  error?: string;
  reload(): void;
}

// One VM by id (listall: an admin opens a tenant's VM too), fetched again while it is between states.
export function useVm(id: string): VmState {
  const [tick, setTick] = useState(0);
  const [state, setState] = useState<{ vm?: ApiObject; error?: string; loading: boolean }>({ loading: true });
  const reload = useCallback(() => setTick((t) => t + 1), []);

  useEffect(() => {
    let live = true;
    api
      .call('listVirtualMachines', { id, listall: true })
      .then((answer) => {
        if (!live) return;
        const vm = (answer.virtualmachine as ApiObject[] | undefined)?.[0];
        setState(vm === undefined ? { loading: false, error: `No instance with id ${id} (destroyed or expunged, or not yours to see)` } : { vm, loading: false });
      })
      .catch((err: Error) => live && setState({ loading: false, error: err.message }));
    return () => {
      live = false;
    };
  }, [id, tick]);

  const vmState = String(state.vm?.state ?? '');
  useEffect(() => {
    if (!transitional.has(vmState)) return;
    const timer = setTimeout(reload, 3000);
    return () => clearTimeout(timer);
  }, [vmState, tick, reload]);

  return { ...state, reload };
}
