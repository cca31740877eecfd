"""Reference outputs of torchvision's DeepLabV3-ResNet for the C++ parity test
(tests/core/test_lv_segmenter.cpp), made at test time so that no 100+ MB weights live in the repo.

usage: make_reference.py OUT_DIR {resnet50|small}
  resnet50: torchvision.models.segmentation.deeplabv3_resnet50(num_classes=1, aux_loss=False),
            EchoNet-Dynamic's segmenter, saved the way echonet/utils/segmentation.py saves it
            ({"epoch", "state_dict" of a DataParallel model ("module." prefixes), "best_loss",
            "loss", "opt_dict", "scheduler_dict"}).
  small:    the same classes with one bottleneck per layer and the auxiliary FCN head, saved as a
            bare state dict (OrderedDict).
Writes OUT_DIR/checkpoint.pt, input.pt ([2, 3, 112, 112]), out.pt and (small) aux.pt.
"""
import sys

import torch
import torchvision
from torchvision.models._utils import IntermediateLayerGetter
from torchvision.models.resnet import Bottleneck, ResNet
from torchvision.models.segmentation.deeplabv3 import DeepLabHead, DeepLabV3
from torchvision.models.segmentation.fcn import FCNHead

out_dir, variant = sys.argv[1], sys.argv[2]
torch.manual_seed(7)
if variant == "resnet50":
    model = torchvision.models.segmentation.deeplabv3_resnet50(
        weights=None, weights_backbone=None, num_classes=21, aux_loss=False)
    # EchoNet: model.classifier[-1] = Conv2d(in_channels, 1, kernel_size)
    model.classifier[-1] = torch.nn.Conv2d(model.classifier[-1].in_channels, 1,
                                           kernel_size=model.classifier[-1].kernel_size)
else:
    backbone = ResNet(Bottleneck, [1, 1, 1, 1], replace_stride_with_dilation=[False, True, True])
    backbone = IntermediateLayerGetter(backbone, return_layers={"layer4": "out", "layer3": "aux"})
    model = DeepLabV3(backbone, DeepLabHead(2048, 1), FCNHead(1024, 1))

# Non-trivial BatchNorm statistics, so eval-mode normalisation is exercised.
with torch.no_grad():
    for module in model.modules():
        if isinstance(module, torch.nn.BatchNorm2d):
            module.running_mean.uniform_(-0.2, 0.2)
            module.running_var.uniform_(0.5, 2.0)
            module.weight.uniform_(0.5, 1.5)
            module.bias.uniform_(-0.2, 0.2)
            module.num_batches_tracked.fill_(123)
model.eval()
x = torch.randn(2, 3, 112, 112)
with torch.no_grad():
    result = model(x)
if variant == "resnet50":
    wrapped = torch.nn.DataParallel(model)
    optim = torch.optim.SGD(wrapped.parameters(), lr=1e-5, momentum=0.9)
    scheduler = torch.optim.lr_scheduler.StepLR(optim, 15)
    torch.save({"epoch": 3, "state_dict": wrapped.state_dict(), "best_loss": 0.25, "loss": 0.25,
                "opt_dict": optim.state_dict(), "scheduler_dict": scheduler.state_dict()},
               out_dir + "/checkpoint.pt")
else:
    torch.save(model.state_dict(), out_dir + "/checkpoint.pt")
    torch.save(result["aux"].clone(), out_dir + "/aux.pt")
torch.save(x, out_dir + "/input.pt")
torch.save(result["out"].clone(), out_dir + "/out.pt")
