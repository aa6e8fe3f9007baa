// placeholder: written by the calibration work
int
main()
{
    return 0;
}
