"""Writes the small torch.save files the checkpoint-reader tests read (tests/core/test_torch_checkpoint.cpp).

Run with Python's torch (Debian python3-torch 1.13): python3 make_files.py
Values are simple formulas so the tests can state what they expect.
"""
import collections
import torch

base = torch.arange(24, dtype=torch.float32).reshape(4, 6)

# A state dict as Module.state_dict() returns it (OrderedDict with _metadata), zip format, with
# views sharing one storage (offset and strides), a half tensor, an int64 buffer and a scalar.
views = collections.OrderedDict()
views['base'] = base
views['view'] = base[1:, ::2]                 # storage offset 6, strides (6, 2)
views['row'] = base[2]                        # storage offset 12
views['half'] = (torch.arange(5, dtype=torch.float32) / 4).half()
views['count'] = torch.tensor([7, -3, 1 << 40], dtype=torch.int64)
views['scalar'] = torch.tensor(2.5)
views._metadata = collections.OrderedDict({'': {'version': 1}})
torch.save(views, 'views_zip.pt')

# The same in the legacy (pre-1.6) format.
torch.save(views, 'views_legacy.pt', _use_new_zipfile_serialization=False)

# A checkpoint with more than tensors (an e4e-style {'state_dict': ..., 'opts': {...}}).
nested = {
    'state_dict': collections.OrderedDict([('encoder.weight', torch.ones(2, 3)),
                                           ('encoder.bias', torch.zeros(2))]),
    'opts': {'lr': 0.0001, 'name': 'e4e', 'flag': True, 'sizes': [1, 2, 3], 'pair': (4, 'x'),
             'none': None, 'big': 1 << 40},
}
torch.save(nested, 'nested.pt')

# A Python object the reader cannot represent.
torch.save({'device': torch.device('cpu')}, 'object.pt')

# A bare tensor.
torch.save(torch.linspace(-1, 1, 7), 'tensor.pt')
