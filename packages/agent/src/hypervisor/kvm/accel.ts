import { existsSync } from 'node:fs';
import type { AgentConfig } from '../../config.ts';

/**
 * qemu's accelerator arguments. `auto` takes KVM only with a real VMX/SVM module: a PVM host also has /dev/kvm, but
 * stock guest kernels crawl and then crash on it, while TCG boots them in seconds (shared/notes/virtualization.md).
 */
export function accelArgs(accel: AgentConfig['accel'], exists: (path: string) => boolean = existsSync): string[] {
  const kvm = ['-accel', 'kvm', '-cpu', 'host'];
  const tcg = ['-accel', 'tcg,thread=single,tb-size=32', '-cpu', 'max'];
  if (accel === 'kvm') return kvm;
  if (accel === 'tcg') return tcg;
  const vmx = exists('/sys/module/kvm_intel') || exists('/sys/module/kvm_amd');
  return vmx && !exists('/sys/module/kvm_pvm') ? kvm : tcg;
}
