#!/usr/bin/env python3
"""Times NVlabs' stylegan2-ada-pytorch synthesis network on given weights and W+ latents.

Run by `latentecho bench synthesis --official DIR`; it is ours, not NVlabs' code: it imports the
official `training.networks` from the checkout DIR (never copied into this repository), builds the
Generator with the architecture LatentEcho's model.json describes, loads the plain state dict that
`latentecho export` writes, and synthesises the latents in batches exactly as the official code
does for inference (noise_mode='const', force_fp32=True), reporting seconds per frame and the
peak resident memory of the synthesis.

Usage: official_synthesis.py --official DIR --config CONFIG.json --weights G.pt --ws WS.pt
                             --batch B --threads T --out-json RESULT.json [--out-images IMG.pt]
"""
import argparse
import json
import os
import sys
import time


def status_kib(key):
    with open('/proc/self/status') as f:
        for line in f:
            if line.startswith(key + ':'):
                return int(line.split()[1])
    return 0


def reset_peak_rss():
    # Linux >= 4.0: writing 5 to clear_refs resets VmHWM to the current RSS.
    try:
        with open('/proc/self/clear_refs', 'w') as f:
            f.write('5')
        return True
    except OSError:
        return False


def main():
    p = argparse.ArgumentParser()
    p.add_argument('--official', required=True, help='stylegan2-ada-pytorch checkout')
    p.add_argument('--config', required=True, help="model.json 'config' of the generator")
    p.add_argument('--weights', required=True, help='plain state dict (latentecho export)')
    p.add_argument('--ws', required=True, help='W+ latents [N, num_ws, w_dim]')
    p.add_argument('--batch', type=int, default=8)
    p.add_argument('--threads', type=int, default=0)
    p.add_argument('--warmup', type=int, default=1, help='untimed batches first')
    p.add_argument('--out-json', required=True)
    p.add_argument('--out-images', default='')
    a = p.parse_args()

    if not os.path.isfile(os.path.join(a.official, 'training', 'networks.py')):
        sys.exit(f'{a.official}: not a stylegan2-ada-pytorch checkout (no training/networks.py)')
    sys.path.insert(0, os.path.abspath(a.official))
    import torch
    if a.threads > 0:
        torch.set_num_threads(a.threads)
    from training.networks import Generator

    with open(a.config) as f:
        config = json.load(f)
    synthesis = config['synthesis']
    if synthesis.get('channel_base') is None or synthesis.get('channel_max') is None:
        sys.exit(f'{a.config}: channel_base/channel_max unknown; the official Generator needs them')
    mapping = config['mapping']
    G = Generator(z_dim=config['z_dim'], c_dim=config['c_dim'], w_dim=config['w_dim'],
                  img_resolution=config['img_resolution'], img_channels=config['img_channels'],
                  mapping_kwargs=dict(num_layers=mapping['num_layers'],
                                      layer_features=mapping.get('layer_features'),
                                      lr_multiplier=mapping.get('lr_multiplier', 0.01),
                                      w_avg_beta=mapping.get('w_avg_beta', 0.995)),
                  synthesis_kwargs=dict(channel_base=synthesis['channel_base'],
                                        channel_max=synthesis['channel_max'],
                                        num_fp16_res=0,
                                        conv_clamp=synthesis.get('conv_clamp')))
    G.load_state_dict(torch.load(a.weights), strict=True)
    G.eval().requires_grad_(False)
    ws = torch.load(a.ws).float()
    if ws.dim() != 3 or ws.shape[1] != G.synthesis.num_ws or ws.shape[2] != G.w_dim:
        sys.exit(f'{a.ws}: expected [N, {G.synthesis.num_ws}, {G.w_dim}], got {list(ws.shape)}')

    def synthesize(chunk):
        return G.synthesis(chunk, noise_mode='const', force_fp32=True)

    with torch.no_grad():
        for _ in range(a.warmup):
            synthesize(ws[:a.batch])
        rss_before = status_kib('VmRSS')
        peak_reset = reset_peak_rss()
        images = []
        start = time.perf_counter()
        cpu_start = time.process_time()
        for chunk in ws.split(a.batch):
            images.append(synthesize(chunk))
        seconds = time.perf_counter() - start
        cpu = time.process_time() - cpu_start
        peak = status_kib('VmHWM')
    images = torch.cat(images)
    if a.out_images:
        torch.save(images.contiguous(), a.out_images)
    result = {
        'implementation': 'stylegan2-ada-pytorch (official training/networks.py)',
        'official_dir': os.path.abspath(a.official),
        'torch_version': torch.__version__,
        'threads': torch.get_num_threads(),
        'frames': int(ws.shape[0]),
        'batch': a.batch,
        'seconds': seconds,
        'seconds_per_frame': seconds / ws.shape[0],
        'cpu_seconds_per_frame': cpu / ws.shape[0],
        'rss_before_mib': rss_before / 1024.0,
        'peak_rss_mib': peak / 1024.0,
        'peak_rss_is_synthesis_only': peak_reset,
    }
    with open(a.out_json, 'w') as f:
        json.dump(result, f, indent=2)


if __name__ == '__main__':
    main()
