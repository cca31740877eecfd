"""Writes a small StyleGAN2 generator and its outputs computed by the official code, for
tests/core/test_stylegan2.cpp (a second configuration next to ../../../../shared/fixtures).

Run with NVlabs stylegan2-ada-pytorch on PYTHONPATH (its training/networks.py and torch_utils)
and Python's torch: PYTHONPATH=/path/to/stylegan2-ada-pytorch python3 make_reference.py
"""
import json
import torch
from training.networks import Generator

config = dict(z_dim=32, c_dim=0, w_dim=48, img_resolution=32, img_channels=3,
              mapping_kwargs=dict(num_layers=8),
              synthesis_kwargs=dict(channel_base=256, channel_max=32, num_fp16_res=0,
                                    conv_clamp=None))
torch.manual_seed(11)
G = Generator(**config).eval()
with torch.no_grad():
    # Untrained layers have zero biases and noise strengths; give every tensor a value so that
    # each one matters for the outputs.
    for name, p in G.named_parameters():
        if name.endswith('noise_strength'):
            p.copy_(torch.rand([]) * 0.5)
        elif name.endswith('.bias') and 'affine' not in name:
            p.copy_(torch.randn_like(p) * 0.2)
    G.mapping.w_avg.copy_(torch.randn_like(G.mapping.w_avg) * 0.3)

    z = torch.randn([3, config['z_dim']])
    w = G.mapping(z, None)
    w_trunc = G.mapping(z, None, truncation_psi=0.5, truncation_cutoff=4)
    ws = torch.randn([3, G.num_ws, config['w_dim']])
    img_const = G.synthesis(ws, noise_mode='const', force_fp32=True)
    img_none = G.synthesis(ws, noise_mode='none', force_fp32=True)
    torch.manual_seed(123)
    img_random = G.synthesis(ws, noise_mode='random', force_fp32=True)

torch.save(G.state_dict(), 'G.state_dict.pt')
for name, t in dict(z=z, w=w, w_trunc05_cutoff4=w_trunc, ws=ws, img_const=img_const,
                    img_none=img_none, img_random_seed123=img_random).items():
    torch.save(t.contiguous(), name + '.pt')
config['num_ws'] = G.num_ws
config['note'] = ('official stylegan2-ada-pytorch Generator; w = mapping(z); w_trunc05_cutoff4 = '
                  'mapping(z, psi=0.5, cutoff=4); img_* = synthesis(ws, noise_mode=*, '
                  'force_fp32=True); img_random_seed123 after torch.manual_seed(123)')
json.dump(config, open('config.json', 'w'), indent=1)

# The discriminator ('resnet', minibatch std group 4, conv_clamp 256 as the training configs)
# and the R1 regularisation step of training/loss.py: its output, the gradient of the summed
# logits with respect to the images, and the parameter gradients of the R1 penalty (a double
# backward).
from training.networks import Discriminator
torch.manual_seed(12)
D = Discriminator(c_dim=0, img_resolution=32, img_channels=3, channel_base=128, channel_max=16,
                  conv_clamp=256, epilogue_kwargs=dict(mbstd_group_size=4))
with torch.no_grad():
    for name, p in D.named_parameters():
        if name.endswith('.bias'):
            p.copy_(torch.randn_like(p) * 0.2)
images = torch.randn([4, 3, 32, 32]).clamp(-1, 1).requires_grad_(True)
logits = D(images, None)
(r1_grads,) = torch.autograd.grad(outputs=[logits.sum()], inputs=[images], create_graph=True)
r1_penalty = r1_grads.square().sum([1, 2, 3]).mean()
r1_penalty.backward()
torch.save(D.state_dict(), 'D.state_dict.pt')
torch.save(images.detach().contiguous(), 'd_images.pt')
torch.save(logits.detach().contiguous(), 'd_logits.pt')
torch.save(r1_grads.detach().contiguous(), 'd_r1_grads.pt')
torch.save({name: p.grad.detach().clone() for name, p in D.named_parameters()
            if p.grad is not None},
           'd_r1_penalty_param_grads.pt')
