"""Writes a small e4e encoder checkpoint and its outputs computed by the official code, for
tests/core/test_e4e_encoder.cpp.

Run with omertov/encoder4editing on PYTHONPATH (its models/encoders/psp_encoders.py and
helpers.py; models/stylegan2/model.py only needs EqualLinear, whose fused CUDA ops are not used
without an activation) and Python's torch:
  PYTHONPATH=/path/to/encoder4editing python3 make_reference.py

The official Encoder4Editing hard-codes the IR-SE50 widths (64..512), 3 input channels and
512-wide heads. To keep the files small, the official class is built and then its input layer,
body, heads and lateral layers are replaced by the official building blocks (bottleneck_IR_SE,
GradualStyleBlock) at small widths; its forward (tap indices 6, 20, 23 of the 3/4/14/3-unit body,
progressive stages) is the official one unchanged. One input channel, as echo frames.
"""
import json
from argparse import Namespace

import torch
from torch import nn

from models.encoders import psp_encoders
from models.encoders.helpers import bottleneck_IR_SE

torch.manual_seed(5)
resolution, stylegan_size, w_dim = 32, 32, 16
stem, stages = 16, [(16, 3), (17, 4), (18, 14), (20, 3)]

E = psp_encoders.Encoder4Editing(50, 'ir_se', Namespace(stylegan_size=stylegan_size))
E.input_layer = nn.Sequential(nn.Conv2d(1, stem, (3, 3), 1, 1, bias=False), nn.BatchNorm2d(stem),
                              nn.PReLU(stem))
units, in_channel = [], stem
for depth, count in stages:
    for u in range(count):
        units.append(bottleneck_IR_SE(in_channel if u == 0 else depth, depth, 2 if u == 0 else 1))
    in_channel = depth
E.body = nn.Sequential(*units)
pyramid = stages[-1][0]
E.styles = nn.ModuleList()
for i in range(E.style_count):
    spatial = resolution // 16 if i < E.coarse_ind else (
        resolution // 8 if i < E.middle_ind else resolution // 4)
    E.styles.append(psp_encoders.GradualStyleBlock(pyramid, w_dim, spatial))
E.latlayer1 = nn.Conv2d(stages[2][0], pyramid, kernel_size=1, stride=1, padding=0)
E.latlayer2 = nn.Conv2d(stages[1][0], pyramid, kernel_size=1, stride=1, padding=0)

with torch.no_grad():
    # Untrained BatchNorm / PReLU / bias values are constants; randomise every tensor so each
    # one matters for the outputs.
    for name, p in E.named_parameters():
        if '.bias' in name or name.endswith('res_layer.0.weight') or 'BatchNorm' in name:
            p.copy_(torch.randn_like(p) * 0.1)
    for m in E.modules():
        if isinstance(m, nn.BatchNorm2d):
            m.weight.copy_(1 + 0.2 * torch.randn_like(m.weight))
            m.bias.copy_(0.1 * torch.randn_like(m.bias))
            m.running_mean.copy_(0.1 * torch.randn_like(m.running_mean))
            m.running_var.copy_(0.5 + torch.rand_like(m.running_var))
            m.num_batches_tracked.fill_(7)
        if isinstance(m, nn.PReLU):
            m.weight.copy_(0.25 + 0.1 * torch.randn_like(m.weight))
E.eval()
latent_avg = torch.randn(E.style_count, w_dim) * 0.5
frames = (torch.rand(2, 1, resolution, resolution) * 2 - 1)
with torch.no_grad():
    codes = E(frames) + latent_avg  # pSp.forward with start_from_latent_avg
    E.set_progressive_stage(psp_encoders.ProgressiveStage(3))
    codes_stage3 = E(frames) + latent_avg
    E.set_progressive_stage(psp_encoders.ProgressiveStage(0))
    codes_stage0 = E(frames) + latent_avg

# The layout of the official checkpoints: {'state_dict': pSp state dict, 'latent_avg', 'opts'}.
state = {'encoder.' + k: v for k, v in E.state_dict().items()}
state['decoder.conv1.conv.weight'] = torch.randn(4, 4, 3, 3)  # must be ignored by the importer
torch.save({'state_dict': state, 'latent_avg': latent_avg,
            'opts': {'encoder_type': 'Encoder4Editing', 'stylegan_size': stylegan_size,
                     'start_from_latent_avg': True, 'checkpoint_path': None}},
           'e4e_small.pt')
for name, t in dict(frames=frames, codes=codes, codes_stage3=codes_stage3,
                    codes_stage0=codes_stage0).items():
    torch.save(t.contiguous(), name + '.pt')
json.dump(dict(resolution=resolution, image_channels=1, num_ws=E.style_count, w_dim=w_dim,
               stem_channels=stem, stages=stages, head_channels=w_dim, coarse_end=E.coarse_ind,
               medium_end=E.middle_ind,
               note='official Encoder4Editing forward at small widths (eval mode); codes = '
                    'E(frames) + latent_avg; codes_stageK with ProgressiveStage(K)'),
          open('config.json', 'w'), indent=1)
