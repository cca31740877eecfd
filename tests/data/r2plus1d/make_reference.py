"""Reference outputs of torchvision's R(2+1)D video ResNet for the C++ parity tests
(tests/core/test_r2plus1d.cpp, tests/cli/test_video_model_commands.cpp), made at test time so that
no 120 MB weights live in the repo.

usage: make_reference.py OUT_DIR {r2plus1d_18|small}
  r2plus1d_18: torchvision.models.video.r2plus1d_18() with fc replaced by Linear(512, 1), saved the
               way EchoNet-Dynamic's echonet/utils/video.py saves it ({"epoch", "state_dict" of a
               DataParallel model ("module." prefixes), "period", "frames", "best_loss", "loss",
               "r2", "opt_dict", "scheduler_dict"}); input [1, 3, 8, 64, 64].
  small:       torchvision's VideoResNet, BasicBlock and Conv2Plus1D with other widths
               (8, 12, 16, 20), blocks (2, 1, 1, 1) and a stem of middle width 6, fc -> 1, saved as
               a bare state dict (OrderedDict); input [2, 3, 6, 20, 20].
Writes OUT_DIR/checkpoint.pt, input.pt and out.pt (eval mode).
"""
import sys

import torch
import torchvision
from torchvision.models.video.resnet import BasicBlock, Conv2Plus1D, VideoResNet

out_dir, variant = sys.argv[1], sys.argv[2]
torch.manual_seed(11)
if variant == "r2plus1d_18":
    model = torchvision.models.video.r2plus1d_18(weights=None)
    model.fc = torch.nn.Linear(model.fc.in_features, 1)  # EchoNet-Dynamic
    model.fc.bias.data[0] = 55.6
    x = torch.randn(1, 3, 8, 64, 64)
else:
    widths, blocks, mid = (8, 12, 16, 20), (2, 1, 1, 1), 6
    model = VideoResNet(BasicBlock, [Conv2Plus1D] * 4, list(blocks),
                        torchvision.models.video.resnet.R2Plus1dStem, num_classes=1)
    # The same classes at other widths: torchvision's own _make_layer builds the layers.
    model.stem = torch.nn.Sequential(
        torch.nn.Conv3d(3, mid, (1, 7, 7), (1, 2, 2), (0, 3, 3), bias=False),
        torch.nn.BatchNorm3d(mid), torch.nn.ReLU(inplace=True),
        torch.nn.Conv3d(mid, widths[0], (3, 1, 1), (1, 1, 1), (1, 0, 0), bias=False),
        torch.nn.BatchNorm3d(widths[0]), torch.nn.ReLU(inplace=True))
    model.inplanes = widths[0]
    for i, (w, b) in enumerate(zip(widths, blocks)):
        setattr(model, "layer%d" % (i + 1),
                model._make_layer(BasicBlock, Conv2Plus1D, w, b, stride=1 if i == 0 else 2))
    model.fc = torch.nn.Linear(widths[3], 1)
    x = torch.randn(2, 3, 6, 20, 20)

# Non-trivial BatchNorm statistics, so eval-mode normalisation is exercised.
with torch.no_grad():
    for module in model.modules():
        if isinstance(module, torch.nn.BatchNorm3d):
            module.running_mean.uniform_(-0.2, 0.2)
            module.running_var.uniform_(0.5, 2.0)
            module.weight.uniform_(0.5, 1.5)
            module.bias.uniform_(-0.2, 0.2)
            module.num_batches_tracked.fill_(321)
model.eval()
with torch.no_grad():
    out = model(x)
if variant == "r2plus1d_18":
    wrapped = torch.nn.DataParallel(model)
    optim = torch.optim.SGD(wrapped.parameters(), lr=1e-4, momentum=0.9, weight_decay=1e-4)
    scheduler = torch.optim.lr_scheduler.StepLR(optim, 15)
    torch.save({"epoch": 44, "state_dict": wrapped.state_dict(), "period": 2, "frames": 32,
                "best_loss": 20.0, "loss": 21.0, "r2": 0.8, "opt_dict": optim.state_dict(),
                "scheduler_dict": scheduler.state_dict()}, out_dir + "/checkpoint.pt")
else:
    torch.save(model.state_dict(), out_dir + "/checkpoint.pt")
torch.save(x, out_dir + "/input.pt")
torch.save(out.clone(), out_dir + "/out.pt")
